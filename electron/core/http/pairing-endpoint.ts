import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { z } from 'zod';
import { DeviceName, type PairAnswer } from '../../../shared/ipc/commands/windows.js';
import type { Logger } from '../../../shared/logger.js';
import type { PairResult } from '../window-access/window-access.js';
import { sameOrigin } from './upgrade-guard.js';

export const PAIR_PATH = '/pair';
const MAX_BODY_BYTES = 1024;

const PairRequest = z.object({ code: z.string().trim().min(1).max(20), name: DeviceName }).strict();

/**
 * `POST /pair {code, name}`: a LAN device trades a code shown at the counter for a token of its own.
 * JSON only (a cross-site form cannot send it without a CORS preflight, which is never granted) and
 * from the station's own origin when a browser names one.
 */
export function withPairingEndpoint(
  next: RequestListener,
  pair: (code: string, name: string, address: string | null) => PairResult,
  logger: Logger,
): RequestListener {
  return (request, response) => {
    if (pathOf(request.url) !== PAIR_PATH) return next(request, response);
    if (request.method !== 'POST') return answer(response, 405, { error: 'POST a pairing code' }, { Allow: 'POST' });
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, request.headers.host)) return answer(response, 403, { error: 'foreign origin' });
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      return answer(response, 415, { error: 'send JSON' });
    }
    readBody(request, MAX_BODY_BYTES)
      .then((body) => {
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          return answer(response, 400, { error: 'The request is not JSON' });
        }
        const parsed = PairRequest.safeParse(json);
        if (!parsed.success) return answer(response, 400, { error: 'Enter the code shown at the counter and a name for this device' });
        const result = pair(parsed.data.code, parsed.data.name, request.socket.remoteAddress ?? null);
        if (result.ok) return answer(response, 200, { token: result.token, role: result.role, deviceId: result.deviceId });
        switch (result.reason) {
          case 'locked':
            return answer(response, 429, { error: 'Too many wrong codes: show a new code at the counter (Diagnostics → Pair a device)' });
          case 'not_served':
            return answer(response, 403, { error: 'This station does not serve that window' });
          case 'invalid':
            return answer(response, 403, { error: 'That code is wrong or has expired' });
        }
      })
      .catch((err: unknown) => {
        logger.debug({ err, address: request.socket.remoteAddress }, 'pairing request unreadable');
        answer(response, 413, { error: 'request too large' });
      });
  };
}

function answer(response: ServerResponse, status: number, body: PairAnswer, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response
    .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close', ...headers })
    .end(JSON.stringify(body));
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Answered at once (413, connection closed after it); the rest of the body is read and dropped.
        request.removeAllListeners('data');
        request.resume();
        reject(new Error('body over limit'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://station.invalid').pathname;
  } catch {
    return undefined;
  }
}
