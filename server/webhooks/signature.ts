import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures in the Standard Webhooks scheme, so receivers can use an existing library:
 * HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", keyed with the bytes of the base64
 * part of the `whsec_…` secret, sent as `webhook-signature: v1,<base64>`.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new Error('webhook secret must start with whsec_');
  return Buffer.from(secret.slice('whsec_'.length), 'base64');
}

export function signWebhook(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${messageId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

export function webhookHeaders(secret: string, messageId: string, nowMs: number, body: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, messageId, timestamp, body),
  };
}

export type WebhookVerification =
  { ok: true; messageId: string } | { ok: false; reason: 'missing_headers' | 'timestamp_out_of_window' | 'bad_signature' };

/**
 * What a receiver runs. The timestamp window stops replays of old captures; the receiver should
 * also remember `webhook-id`s it processed within the window, because retries reuse the id.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: string;
  nowMs: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  const id = input.headers['webhook-id'];
  const timestampText = input.headers['webhook-timestamp'];
  const signatures = input.headers['webhook-signature'];
  if (!id || !timestampText || !signatures || !/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'missing_headers' };
  const timestamp = Number(timestampText);
  if (Math.abs(input.nowMs / 1000 - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp_out_of_window' };
  }
  const expected = Buffer.from(signWebhook(input.secret, id, timestamp, input.body));
  // Several space-separated signatures are allowed (secret rotation); any match passes.
  const match = signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, messageId: id } : { ok: false, reason: 'bad_signature' };
}
