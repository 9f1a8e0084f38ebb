import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { WebhookDeliveryView } from '../../shared/sync/admin.js';
import type { CreateWebhookEndpoint } from '../../shared/sync/channel.js';
import { isoColumn, type StorePrincipal } from '../auth/credentials.js';
import { intColumn, textColumn } from '../db/columns.js';
import type { Database, SqlRow } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { WEBHOOKS_CHANNEL } from '../orders/projector.js';
import { postPinned } from './pinned-post.js';
import { newWebhookSecret, webhookHeaders } from './signature.js';
import type { TargetPolicy, TargetPolicyOptions } from './target-policy.js';

export interface WebhookOptions extends TargetPolicyOptions {
  /** Attempts before a delivery moves to the dead-letter list. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** How often due deliveries are looked for when no notification arrives. */
  pollMs?: number;
  concurrency?: number;
  random?: () => number;
}

type ChannelPrincipal = Extract<StorePrincipal, { kind: 'channel' }>;

export interface EndpointView {
  id: string;
  url: string;
  scope: 'own' | 'all';
  createdAt: string;
}

/** Endpoint registration (channels) and the dead-letter list (admins). */
export class WebhookRegistry {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: TargetPolicy,
  ) {}

  /**
   * A channel registers for its own orders. `scope: all` hands one key every order of the store
   * (other channels' customers included), so only the admin grants it, through `createForCredential`.
   */
  async create(principal: ChannelPrincipal, request: CreateWebhookEndpoint): Promise<EndpointView & { secret: string }> {
    if (request.scope === 'all') {
      throw new HttpError(
        403,
        'admin_only',
        'scope: an endpoint for every order of the store is registered by the admin (POST /v1/admin/credentials/{credentialId}/webhooks)',
      );
    }
    return this.insert(principal, request);
  }

  /** Admin: registers an endpoint owned by a channel credential, of either scope. */
  async createForCredential(credentialId: string, request: CreateWebhookEndpoint): Promise<EndpointView & { secret: string }> {
    const [row] = await this.db.query(
      "SELECT store_id, subject, channel FROM credentials WHERE id = $1 AND kind = 'channel' AND revoked_at IS NULL",
      [credentialId],
    );
    if (row === undefined) throw new HttpError(404, 'not_found', `no active channel credential ${credentialId}`);
    const owner: ChannelPrincipal = {
      kind: 'channel',
      credentialId,
      storeId: textColumn(row, 'store_id'),
      origin: textColumn(row, 'subject'),
      channel: textColumn(row, 'channel'),
    };
    return this.insert(owner, request);
  }

  private async insert(principal: ChannelPrincipal, request: CreateWebhookEndpoint): Promise<EndpointView & { secret: string }> {
    const refusal = this.policy.refusal(request.url);
    if (refusal) throw new HttpError(400, 'bad_request', `url: ${refusal}`);
    const secret = newWebhookSecret();
    const [row] = await this.db.query(
      `INSERT INTO webhook_endpoints (id, store_id, credential_id, owner_origin, url, secret, scope, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, url, scope, created_at`,
      [
        `whe_${randomBytes(9).toString('base64url')}`,
        principal.storeId,
        principal.credentialId,
        principal.origin,
        request.url,
        secret,
        request.scope,
        this.nowIso(),
      ],
    );
    if (row === undefined) throw new Error('endpoint insert returned no row');
    return { ...endpointView(row), secret };
  }

  async list(principal: ChannelPrincipal): Promise<EndpointView[]> {
    const rows = await this.db.query(
      'SELECT id, url, scope, created_at FROM webhook_endpoints WHERE store_id = $1 AND owner_origin = $2 AND deleted_at IS NULL ORDER BY created_at, id',
      [principal.storeId, principal.origin],
    );
    return rows.map(endpointView);
  }

  async remove(principal: ChannelPrincipal, id: string): Promise<void> {
    const rows = await this.db.query(
      'UPDATE webhook_endpoints SET deleted_at = $4 WHERE id = $1 AND store_id = $2 AND owner_origin = $3 AND deleted_at IS NULL RETURNING id',
      [id, principal.storeId, principal.origin, this.nowIso()],
    );
    if (rows.length === 0) throw new HttpError(404, 'not_found', `no webhook endpoint ${id}`);
  }

  async deliveries(storeId: string, state: 'pending' | 'delivered' | 'dead', limit: number): Promise<WebhookDeliveryView[]> {
    const rows = await this.db.query(
      `SELECT id, message_id, endpoint_id, order_id::text AS order_id, state, attempts, next_attempt_at, last_error, last_status
       FROM webhook_deliveries WHERE store_id = $1 AND state = $2 ORDER BY id LIMIT $3`,
      [storeId, state, limit],
    );
    return rows.map(deliveryView);
  }

  /** Puts a dead letter back in the queue with a fresh attempt budget. */
  async replay(id: number): Promise<WebhookDeliveryView> {
    const rows = await this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $2, last_error = NULL, updated_at = $2
         WHERE id = $1 AND state = 'dead'
         RETURNING id, message_id, endpoint_id, order_id::text AS order_id, state, attempts, next_attempt_at, last_error, last_status, store_id`,
        [id, this.nowIso()],
      );
      const row = updated[0];
      if (row !== undefined) await tx.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, textColumn(row, 'store_id')]);
      return updated;
    });
    const row = rows[0];
    if (row === undefined) {
      const exists = await this.db.query('SELECT state FROM webhook_deliveries WHERE id = $1', [id]);
      if (exists.length === 0) throw new HttpError(404, 'not_found', `no webhook delivery ${id}`);
      throw new HttpError(409, 'not_dead', `webhook delivery ${id} is ${String(exists[0]?.['state'])}, only dead letters can be replayed`);
    }
    return deliveryView(row);
  }

  async counts(): Promise<{ queueDepth: number; deadLetters: number }> {
    const rows = await this.db.query(
      "SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'dead') AS dead FROM webhook_deliveries WHERE state <> 'delivered'",
    );
    const row = rows[0];
    return row === undefined
      ? { queueDepth: 0, deadLetters: 0 }
      : { queueDepth: intColumn(row, 'pending'), deadLetters: intColumn(row, 'dead') };
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/**
 * Sends queued deliveries. A claim moves `next_attempt_at` forward by a lease, so a crash mid-send
 * only delays the retry; the final state is written only if the lease is still ours. Delivery is
 * at least once: receivers dedupe on `webhook-id`.
 */
export class WebhookDispatcher {
  private readonly options: Required<Omit<WebhookOptions, 'random' | keyof TargetPolicyOptions>>;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: ServerMetrics,
    private readonly policy: TargetPolicy,
    options: WebhookOptions = {},
  ) {
    this.options = {
      maxAttempts: options.maxAttempts ?? 8,
      baseDelayMs: options.baseDelayMs ?? 5_000,
      maxDelayMs: options.maxDelayMs ?? 60 * 60 * 1000,
      timeoutMs: options.timeoutMs ?? 10_000,
      pollMs: options.pollMs ?? 1_000,
      concurrency: options.concurrency ?? 8,
    };
    this.random = options.random ?? Math.random;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unlisten = await this.db.listen(WEBHOOKS_CHANNEL, { onNotify: () => this.kick(), onGap: () => this.kick() });
    this.schedule();
    this.kick();
  }

  /** Waits for sends in flight (bounded by their timeout), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unlisten?.();
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Exponential backoff with jitter: half the ceiling fixed, half random, so retries spread out. */
  backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kick();
      if (!this.stopped) this.schedule();
    }, this.options.pollMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const claimed = await this.claim();
        if (claimed.length === 0) return;
        await Promise.all(claimed.map((row) => this.deliver(row)));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'webhook dispatch failed; retrying on the next poll');
    }
  }

  private async claim(): Promise<SqlRow[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now + this.options.timeoutMs + 30_000).toISOString();
    return this.db.query(
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2, updated_at = $1
       FROM due, webhook_endpoints e
       WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.message_id, d.store_id, d.order_id::text AS order_id, d.payload, d.attempts, e.url, e.secret, e.deleted_at`,
      [new Date(now).toISOString(), leaseUntil, this.options.concurrency],
    );
  }

  private async deliver(row: SqlRow): Promise<void> {
    const id = intColumn(row, 'id');
    const attempts = intColumn(row, 'attempts');
    const messageId = textColumn(row, 'message_id');
    const log = this.logger.child({ deliveryId: id, messageId, storeId: row['store_id'], orderId: row['order_id'], attempt: attempts });
    let outcome: { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent?: boolean };
    if (row['deleted_at'] !== null && row['deleted_at'] !== undefined) {
      outcome = { ok: false, status: null, error: 'endpoint was deleted', permanent: true };
    } else {
      outcome = await this.send(textColumn(row, 'url'), textColumn(row, 'secret'), messageId, JSON.stringify(row['payload']));
    }
    const now = this.clock.now();
    const nowIso = new Date(now).toISOString();
    if (outcome.ok) {
      await this.finish(id, attempts, { state: 'delivered', nextAttemptAt: nowIso, error: null, status: outcome.status, nowIso });
      this.metrics.webhookDeliveries.inc({ result: 'delivered' });
      log.info({ status: outcome.status }, 'webhook delivered');
      return;
    }
    const dead = outcome.permanent === true || attempts >= this.options.maxAttempts;
    const nextAttemptAt = new Date(now + (dead ? 0 : this.backoffMs(attempts))).toISOString();
    await this.finish(id, attempts, {
      state: dead ? 'dead' : 'pending',
      nextAttemptAt,
      error: outcome.error.slice(0, 500),
      status: outcome.status,
      nowIso,
    });
    this.metrics.webhookDeliveries.inc({ result: dead ? 'dead' : 'failed' });
    log.warn(
      { status: outcome.status, error: outcome.error, nextAttemptAt: dead ? null : nextAttemptAt },
      dead ? 'webhook dead-lettered' : 'webhook delivery failed',
    );
  }

  private async finish(
    id: number,
    attempts: number,
    result: { state: 'delivered' | 'pending' | 'dead'; nextAttemptAt: string; error: string | null; status: number | null; nowIso: string },
  ): Promise<void> {
    // Only if our lease still holds: a delivery re-claimed after a stall belongs to its new owner.
    await this.db.query(
      `UPDATE webhook_deliveries SET state = $3, next_attempt_at = $4, last_error = $5, last_status = $6, updated_at = $7
       WHERE id = $1 AND attempts = $2 AND state = 'pending'`,
      [id, attempts, result.state, result.nextAttemptAt, result.error, result.status, result.nowIso],
    );
  }

  private async send(
    url: string,
    secret: string,
    messageId: string,
    body: string,
  ): Promise<{ ok: true; status: number } | { ok: false; status: number | null; error: string }> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    try {
      // Resolved and checked at every attempt (a name may move), and connected to as checked.
      const pinned = await Promise.race([
        this.policy.pin(url),
        new Promise<{ ok: false; error: string }>((done) =>
          controller.signal.addEventListener('abort', () => done({ ok: false, error: 'name resolution timed out' }), { once: true }),
        ),
      ]);
      if (!pinned.ok) return { ok: false, status: null, error: `target refused: ${pinned.error}` };
      const status = await postPinned(
        pinned.target,
        {
          'content-type': 'application/json',
          'user-agent': 'pos-central-server/1',
          ...webhookHeaders(secret, messageId, this.clock.now(), body),
        },
        body,
        controller.signal,
      );
      // A redirect could point the signed request anywhere: receivers must answer directly.
      if (status >= 200 && status < 300) return { ok: true, status };
      return { ok: false, status, error: `endpoint answered ${status}` };
    } catch (error) {
      const message = controller.signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : (error as Error).message;
      return { ok: false, status: null, error: message };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}

function endpointView(row: SqlRow): EndpointView {
  return {
    id: textColumn(row, 'id'),
    url: textColumn(row, 'url'),
    scope: row['scope'] === 'all' ? 'all' : 'own',
    createdAt: isoColumn(row, 'created_at'),
  };
}

function deliveryView(row: SqlRow): WebhookDeliveryView {
  const lastError = row['last_error'];
  const lastStatus = row['last_status'];
  const state = row['state'];
  return {
    id: intColumn(row, 'id'),
    messageId: textColumn(row, 'message_id'),
    endpointId: textColumn(row, 'endpoint_id'),
    orderId: typeof row['order_id'] === 'string' ? row['order_id'] : null,
    state: state === 'delivered' || state === 'dead' ? state : 'pending',
    attempts: intColumn(row, 'attempts'),
    nextAttemptAt: isoColumn(row, 'next_attempt_at'),
    lastError: typeof lastError === 'string' ? lastError : null,
    lastStatus: lastStatus === null || lastStatus === undefined ? null : intColumn(row, 'last_status'),
  };
}
