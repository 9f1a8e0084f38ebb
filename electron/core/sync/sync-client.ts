import { z } from 'zod';
import { MAX_PULL_PAGE, PullResponse, PushResponse, type PushRequest } from '../../../shared/sync/protocol.js';

export type SyncFailure =
  | { kind: 'network'; message: string }
  | { kind: 'http'; status: number; message: string; retryAfterMs?: number }
  | { kind: 'protocol'; message: string };

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(readonly failure: SyncFailure) {
    super(failure.message);
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The station's HTTP client for the central server's sync API; every answer is schema-checked. */
export class SyncClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: FetchLike = fetch,
    private readonly timeoutMs = 15_000,
  ) {}

  push(request: PushRequest): Promise<PushResponse> {
    return this.call('/v1/sync/push', { method: 'POST', body: JSON.stringify(request) }, PushResponse);
  }

  pull(cursor: number, limit = MAX_PULL_PAGE): Promise<PullResponse> {
    return this.call(`/v1/sync/pull?cursor=${cursor}&limit=${limit}`, { method: 'GET' }, PullResponse);
  }

  private async call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.baseUrl).toString(), {
        ...init,
        headers: { authorization: `Bearer ${this.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SyncError({ kind: 'network', message: `cannot reach ${this.baseUrl}: ${(error as Error).message}` });
    }
    const text = await response.text();
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new SyncError({
        kind: 'http',
        status: response.status,
        message: `${path} answered ${response.status}: ${text.slice(0, 300)}`,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new SyncError({ kind: 'protocol', message: `${path} answered with non-JSON` });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new SyncError({ kind: 'protocol', message: `${path} answered an unexpected shape: ${parsed.error.message}` });
    return parsed.data;
  }
}
