import { wsText } from '../ipc/ws-text.js';
import WebSocket from 'ws';
import { type z } from 'zod';
import type { OutboxEvent } from '../event-store.js';
import { PairResponse, RevocationList, type PairRequest } from '../../../shared/sync/mesh.js';
import { LiveMessage, MAX_PULL_PAGE, PullResponse, PushResponse, WhoAmI, type PushRequest } from '../../../shared/sync/protocol.js';
import { StoreDataPage, StoreDocumentPut, type StoreDocumentWire } from '../../../shared/store-data.js';

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

/** Events a pull may leave out: this origin's up to this seq. */
export interface PullExcept {
  origin: string;
  throughSeq: number;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SyncClientOptions {
  /**
   * The store this station belongs to. When absent the client asks the server once
   * (`GET /v1/auth/me`): the credential knows its store, so a station needs only URL and token.
   */
  storeId?: string;
}

export interface LiveHandlers {
  /** The store's newest server cursor: pull if it is beyond yours. Also called once per (re)connect. */
  onPoke(cursor: number): void;
  /** Store data changed on the server, up to this store data cursor. */
  onStoreData?(cursor: number): void;
  /** Connection state for diagnostics; `retryInMs` is set while waiting to reconnect. */
  onState?(state: { connected: boolean; retryInMs?: number; error?: string }): void;
}

export interface LiveSubscription {
  close(): void;
}

/**
 * The station's HTTP client for the central server's sync API (`/v1/stores/:store/sync/...`);
 * every answer is schema-checked. `subscribeLive` opens the poke WebSocket.
 */
export class SyncClient {
  private store: Promise<string> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: FetchLike = fetch,
    private readonly timeoutMs = 15_000,
    options: SyncClientOptions = {},
  ) {
    if (options.storeId !== undefined) this.store = Promise.resolve(options.storeId);
  }

  async push(request: PushRequest): Promise<PushResponse> {
    const path = `${await this.storePath()}/sync/push`;
    return this.call(path, { method: 'POST', body: JSON.stringify(request) }, PushResponse);
  }

  /**
   * Pushes outbox events as stored: the `PushRequest` is assembled around their JSON bodies instead
   * of parsing and re-serialising every event (the server validates each one anyway).
   */
  async pushStored(origin: string, events: readonly OutboxEvent[]): Promise<PushResponse> {
    const path = `${await this.storePath()}/sync/push`;
    const body = `{"origin":${JSON.stringify(origin)},"events":[${events.map((e) => e.json).join(',')}]}`;
    return this.call(path, { method: 'POST', body }, PushResponse);
  }

  /** `except`: leave out events this station holds already (its own, up to its last seq). */
  async pull(cursor: number, limit = MAX_PULL_PAGE, except?: PullExcept): Promise<PullResponse> {
    const skip = except === undefined ? '' : `&exceptOrigin=${encodeURIComponent(except.origin)}&exceptThroughSeq=${except.throughSeq}`;
    const path = `${await this.storePath()}/sync/pull?cursor=${cursor}&limit=${limit}${skip}`;
    return this.call(path, { method: 'GET' }, PullResponse);
  }

  /** Pairs this station into the store mesh: its public keys for a store-signed certificate. */
  async pairMesh(request: PairRequest): Promise<PairResponse> {
    return this.call(`${await this.storePath()}/mesh/pair`, { method: 'POST', body: JSON.stringify(request) }, PairResponse);
  }

  /** The store's current mesh revocations (signed; the station verifies each one). */
  async meshRevocations(): Promise<RevocationList> {
    return this.call(`${await this.storePath()}/mesh/revocations`, { method: 'GET' }, RevocationList);
  }

  /** A store document written at this station; the answer is the one the server holds after it. */
  async putStoreDocument(document: StoreDocumentWire): Promise<StoreDocumentPut> {
    const path = `${await this.storePath()}/data/${encodeURIComponent(document.kind)}`;
    return this.call(path, { method: 'PUT', body: JSON.stringify(document) }, StoreDocumentPut);
  }

  /** Store documents that won on the server after the cursor. */
  async pullStoreData(after: number): Promise<StoreDataPage> {
    return this.call(`${await this.storePath()}/data?after=${after}`, { method: 'GET' }, StoreDataPage);
  }

  /** The store id this client talks to (asked from the server on first use when not configured). */
  storeId(): Promise<string> {
    this.store ??= this.call('/v1/auth/me', { method: 'GET' }, WhoAmI).then(
      (me) => {
        if (me.kind !== 'station')
          throw new SyncError({ kind: 'protocol', message: `the sync token is a ${me.kind} credential, not a station credential` });
        return me.storeId;
      },
      (error: unknown) => {
        this.store = undefined;
        throw error;
      },
    );
    return this.store;
  }

  /**
   * Keeps a live connection open, reconnecting with capped exponential backoff and full jitter.
   * Pokes are hints; the station still polls slowly in case the connection is silently gone.
   */
  subscribeLive(handlers: LiveHandlers, options: { maxBackoffMs?: number; random?: () => number } = {}): LiveSubscription {
    const maxBackoffMs = options.maxBackoffMs ?? 60_000;
    const random = options.random ?? Math.random;
    let socket: WebSocket | undefined;
    let timer: NodeJS.Timeout | undefined;
    let failures = 0;
    let closed = false;

    const retry = (error: string) => {
      if (closed) return;
      failures += 1;
      const delay = Math.floor(random() * Math.min(maxBackoffMs, 500 * 2 ** Math.min(failures - 1, 16)));
      handlers.onState?.({ connected: false, retryInMs: delay, error });
      timer = setTimeout(connect, delay);
      timer.unref();
    };

    const connect = () => {
      if (closed) return;
      this.storePath().then(
        (path) => {
          if (closed) return;
          const url = new URL(`${path}/live`, this.baseUrl);
          url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
          const ws = new WebSocket(url, { headers: { authorization: `Bearer ${this.token}` }, handshakeTimeout: this.timeoutMs });
          socket = ws;
          let lastError = 'connection closed';
          ws.on('open', () => {
            failures = 0;
            handlers.onState?.({ connected: true });
          });
          ws.on('message', (data) => {
            let parsed;
            try {
              parsed = LiveMessage.safeParse(JSON.parse(wsText(data)));
            } catch {
              return;
            }
            if (!parsed.success) return;
            if (parsed.data.type === 'store-data') handlers.onStoreData?.(parsed.data.cursor);
            else handlers.onPoke(parsed.data.cursor);
          });
          ws.on('unexpected-response', (_request, response) => {
            lastError = `live endpoint answered ${response.statusCode}`;
            ws.terminate();
          });
          ws.on('error', (error) => {
            lastError = error.message;
          });
          ws.on('close', () => {
            if (socket === ws) socket = undefined;
            retry(lastError);
          });
        },
        (error: unknown) => retry((error as Error).message),
      );
    };

    connect();
    return {
      close: () => {
        closed = true;
        clearTimeout(timer);
        socket?.close(1000, 'station stopping');
        handlers.onState?.({ connected: false });
      },
    };
  }

  private async storePath(): Promise<string> {
    return `/v1/stores/${encodeURIComponent(await this.storeId())}`;
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
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection broke mid-answer: the request may have been applied, so this is a network
      // failure to retry (pushes are idempotent by event id), not a protocol error.
      throw new SyncError({
        kind: 'network',
        message: `${path.split('?')[0]}: connection lost while reading the answer: ${(error as Error).message}`,
      });
    }
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new SyncError({
        kind: 'http',
        status: response.status,
        message: `${path.split('?')[0]} answered ${response.status}: ${text.slice(0, 300)}`,
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
    if (!parsed.success)
      throw new SyncError({ kind: 'protocol', message: `${path} answered an unexpected shape: ${parsed.error.message}` });
    return parsed.data;
  }
}
