import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../shared/logger.js';
import type { LiveMessage } from '../../shared/sync/protocol.js';
import type { Database } from '../db/database.js';
import type { ServerMetrics } from '../ops/metrics.js';
import { STORE_DATA_CHANNEL } from '../store-data/store-data-service.js';
import { EVENTS_CHANNEL } from '../sync-service.js';

export type StoreListener = (storeId: string, cursor: number) => void;

const HEARTBEAT_MS = 30_000;
/** A station that stops reading must not make the server buffer pokes for it forever. */
const MAX_BUFFERED_BYTES = 256 * 1024;

interface Waiter {
  storeId: string;
  cursor: number;
  done: () => void;
}

/**
 * Fans "new events in store S up to cursor C" out to live WebSocket subscribers and long-polling
 * pulls on this instance. The signal comes from PostgreSQL NOTIFY, sent in the appending
 * transaction, so an event pushed through any instance pokes subscribers on every instance, and
 * only after it is visible to their pull.
 */
export class LiveHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<StoreListener>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  private unlisten: (() => Promise<void>) | undefined;
  private unlistenStoreData: (() => Promise<void>) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly head: (storeId: string) => Promise<number>,
    private readonly logger: Logger,
    private readonly metrics: ServerMetrics,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, {
      onNotify: (payload) => {
        const [storeId, cursorText] = payload.split(' ');
        const cursor = Number(cursorText);
        if (storeId && Number.isSafeInteger(cursor)) this.signal(storeId, cursor);
      },
      // Pokes may have been missed while LISTEN was down: tell every subscribed store its head.
      onGap: () => void this.resync(),
    });
    // Store data won on some instance: its live stations pull it (the poll is the backup, as for events).
    this.unlistenStoreData = await this.db.listen(STORE_DATA_CHANNEL, {
      onNotify: (payload) => {
        const [storeId, cursorText] = payload.split(' ');
        const cursor = Number(cursorText);
        if (!storeId || !Number.isSafeInteger(cursor)) return;
        for (const ws of this.sockets.get(storeId) ?? []) this.send(ws, { type: 'store-data', cursor });
      },
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Other components (projector) react to new events through the same notification. */
  onEvents(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connectionCount(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }

  /** Completes a WebSocket upgrade the caller has already authorized for `storeId`. */
  accept(request: IncomingMessage, socket: Duplex, head: Buffer, storeId: string, log: Logger): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (this.closed) {
        ws.close(1001, 'server shutting down');
        return;
      }
      let set = this.sockets.get(storeId);
      if (set === undefined) {
        set = new Set();
        this.sockets.set(storeId, set);
      }
      set.add(ws);
      this.alive.add(ws);
      this.metrics.liveConnections.inc();
      log.info({ storeId }, 'live connection opened');
      ws.on('pong', () => this.alive.add(ws));
      // Stations only listen; anything they send is ignored.
      ws.on('message', () => undefined);
      ws.on('error', (error) => log.warn({ err: error, storeId }, 'live connection error'));
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0 && this.sockets.get(storeId) === set) this.sockets.delete(storeId);
        this.metrics.liveConnections.dec();
        log.info({ storeId }, 'live connection closed');
      });
      this.head(storeId).then(
        (cursor) => this.send(ws, { type: 'ready', storeId, cursor }),
        (error: unknown) => {
          log.error({ err: error, storeId }, 'cannot read store head for a live connection');
          ws.close(1011, 'internal error');
        },
      );
    });
  }

  /**
   * Resolves when an event beyond `cursor` lands in the store, after `timeoutMs`, when `signal`
   * aborts, or when the hub closes: a long-polling pull then reads the database again.
   */
  waitForEvents(storeId: string, cursor: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        storeId,
        cursor,
        done: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', waiter.done);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, timeoutMs);
      signal?.addEventListener('abort', waiter.done, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Closes every live connection (1001, going away) and releases long polls; used on shutdown. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const waiter of [...this.waiters]) waiter.done();
    const closing: Promise<void>[] = [];
    for (const set of this.sockets.values()) {
      for (const ws of set) {
        closing.push(new Promise((done) => ws.once('close', () => done())));
        ws.close(1001, 'server shutting down');
        // A peer that never answers the close handshake is cut after a second.
        setTimeout(() => ws.terminate(), 1_000).unref();
      }
    }
    await Promise.all(closing);
    this.wss.close();
    await this.unlisten?.();
    await this.unlistenStoreData?.();
  }

  private signal(storeId: string, cursor: number): void {
    for (const listener of this.listeners) listener(storeId, cursor);
    for (const waiter of [...this.waiters]) if (waiter.storeId === storeId && cursor > waiter.cursor) waiter.done();
    const set = this.sockets.get(storeId);
    if (set === undefined) return;
    for (const ws of set) this.send(ws, { type: 'poke', cursor });
  }

  private async resync(): Promise<void> {
    for (const storeId of new Set([...this.sockets.keys(), ...[...this.waiters].map((w) => w.storeId)])) {
      try {
        this.signal(storeId, await this.head(storeId));
      } catch (error) {
        this.logger.warn({ err: error, storeId }, 'cannot resync live subscribers');
      }
    }
  }

  private send(ws: WebSocket, message: LiveMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
    if (message.type === 'poke') this.metrics.pokes.inc();
  }

  private checkHeartbeats(): void {
    for (const set of this.sockets.values()) {
      for (const ws of set) {
        if (!this.alive.has(ws)) {
          ws.terminate();
          continue;
        }
        this.alive.delete(ws);
        ws.ping();
      }
    }
  }
}
