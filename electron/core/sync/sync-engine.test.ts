import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { DomainEvent } from '../../../shared/events.js';
import { silentLogger } from '../../../shared/logger.js';
import type { PullResponse, PushEventResult, PushRequest, PushResponse } from '../../../shared/sync/protocol.js';
import { demoCatalog } from '../demo-catalog.js';
import type { EventStore, OutboxEvent } from '../event-store.js';
import { OrderService } from '../orders/order-service.js';
import { openTestStore, sellCroissantForCash, tempDir } from '../testing/fixtures.js';
import { flush, ManualScheduler } from '../testing/manual-scheduler.js';
import { SyncError } from './sync-client.js';
import { SyncEngine, type SyncTransport } from './sync-engine.js';

/** An in-memory server with a script of failures to play before behaving. */
class ScriptedServer implements SyncTransport {
  readonly log: DomainEvent[] = [];
  readonly pushes: PushRequest[] = [];
  failures: (() => never)[] = [];
  rejectIds = new Set<string>();
  pageSize = 1000;
  duplicatePages = false;

  constructor(private readonly clock: ManualClock) {}

  async pushStored(origin: string, stored: readonly OutboxEvent[]): Promise<PushResponse> {
    // What the wire carries: the stored bodies must be whole, valid events.
    const request: PushRequest = { origin, events: stored.map((e) => DomainEvent.parse(JSON.parse(e.json))) };
    this.pushes.push(request);
    this.failures.shift()?.();
    const results: PushEventResult[] = request.events.map((event) => {
      if (this.rejectIds.has(event.id)) return { id: event.id, seq: event.seq, status: 'rejected', reason: 'poison' };
      if (this.log.some((e) => e.id === event.id)) return { id: event.id, seq: event.seq, status: 'duplicate' };
      this.log.push(event);
      return { id: event.id, seq: event.seq, status: 'accepted', serverSeq: this.log.length };
    });
    return { results, serverTime: this.clock.now() + 250 };
  }

  async pull(cursor: number): Promise<PullResponse> {
    this.failures.shift()?.();
    const slice = this.log.slice(cursor, cursor + this.pageSize).map((event, i) => ({ serverSeq: cursor + i + 1, event }));
    // A misbehaving proxy may replay and reorder a page: the store must converge anyway.
    const events = this.duplicatePages ? [...slice, ...slice].reverse() : slice;
    return {
      events,
      nextCursor: cursor + slice.length,
      upToDate: cursor + slice.length >= this.log.length,
      serverTime: this.clock.now() + 250,
      head: this.log.length,
    };
  }
}

/**
 * A server that keeps each origin's next seq, as the real gate does: a batch that does not start
 * there is refused whole as a seq gap and stores nothing. `arrive` decides when each push reaches
 * it (by default, at once and in order), so a test can make a later batch overtake an earlier one.
 */
class SeqGateServer implements SyncTransport {
  readonly log: DomainEvent[] = [];
  readonly pushedSeqs: number[][] = [];
  arrive: (push: number, process: () => void) => void = (_push, process) => process();
  /** Pushes (by index) whose answer is lost on the way back, after the server stored them. */
  loseAnswers = new Set<number>();

  constructor(private readonly clock: ManualClock) {}

  pushStored(origin: string, stored: readonly OutboxEvent[]): Promise<PushResponse> {
    const events = stored.map((e) => DomainEvent.parse(JSON.parse(e.json)));
    const push = this.pushedSeqs.push(events.map((e) => e.seq)) - 1;
    return new Promise((resolve, reject) => {
      this.arrive(push, () => {
        const next = this.log.filter((e) => e.origin === origin).length + 1;
        const results: PushEventResult[] = events.map((event) => {
          if (event.seq < next) return { id: event.id, seq: event.seq, status: 'duplicate' };
          if (events[0]!.seq !== next)
            return { id: event.id, seq: event.seq, status: 'rejected', code: 'seq_gap', reason: 'gap', expectedSeq: next };
          this.log.push(event);
          return { id: event.id, seq: event.seq, status: 'accepted', serverSeq: this.log.length };
        });
        if (this.loseAnswers.has(push)) reject(new SyncError({ kind: 'network', message: 'ECONNRESET after the server stored the batch' }));
        else resolve({ results, serverTime: this.clock.now() });
      });
    });
  }

  async pull(cursor: number): Promise<PullResponse> {
    return { events: [], nextCursor: cursor, upToDate: true, serverTime: this.clock.now(), head: this.log.length };
  }
}

const http = (status: number, retryAfterMs?: number) => () => {
  throw new SyncError({ kind: 'http', status, message: `HTTP ${status}`, ...(retryAfterMs ? { retryAfterMs } : {}) });
};
const network = () => () => {
  throw new SyncError({ kind: 'network', message: 'ECONNRESET' });
};

describe('SyncEngine', () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let scheduler: ManualScheduler;
  let server: ScriptedServer;
  const closers: (() => void)[] = [];

  beforeEach(() => {
    dir = tempDir('sync-engine');
    clock = new ManualClock(1_800_000_000_000);
    scheduler = new ManualScheduler(clock);
    server = new ScriptedServer(clock);
  });
  afterEach(() => {
    for (const close of closers.splice(0)) close();
    dir.remove();
  });

  function station(name: string) {
    const { db, store } = openTestStore(join(dir.path, `${name}.sqlite`), name, clock);
    closers.push(() => db.close());
    const orders = new OrderService(store, demoCatalog, 'EUR', { kind: 'device', id: name });
    return { store, orders };
  }

  function engine(store: EventStore, transport: SyncTransport = server, tuning: { pushBatchSize?: number; pushWindow?: number } = {}) {
    return new SyncEngine({
      ...tuning,
      store,
      transport,
      clock,
      scheduler,
      logger: silentLogger,
      pollIntervalMs: 5_000,
      random: () => 0.5,
      backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 'full' },
      failureThreshold: 5,
    });
  }

  it('pushes the outbox, pulls, then polls at the quiet interval', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    const sync = engine(store);
    sync.start();
    expect(scheduler.fireNext()).toBe(0);
    await flush();
    expect(server.log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(sync.getStatus()).toMatchObject({ state: 'idle', outboxDepth: 0, consecutiveFailures: 0, clockSkewMs: 250, pullCursor: 3 });
    expect(scheduler.delays()).toEqual([5_000]);
  });

  it('a stop during a round arms no timer after it, so no round runs on a store about to close', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: SyncTransport = {
      pushStored: async (origin, events) => {
        await gate;
        return server.pushStored(origin, events);
      },
      pull: (cursor) => server.pull(cursor),
    };
    const sync = engine(store, gated);
    sync.start();
    scheduler.fireNext();
    await flush();
    expect(sync.getStatus().state).toBe('syncing');
    const stopped = sync.stop();
    release();
    await stopped;
    expect(sync.getStatus().state).toBe('stopped');
    expect(scheduler.delays()).toEqual([]);
  });

  it('backs off exponentially with jitter, honours Retry-After and opens the circuit', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    server.failures = [network(), http(500), http(503, 30_000), http(429), network(), network()];
    const sync = engine(store);
    sync.start();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      waits.push(scheduler.fireNext());
      await flush();
    }
    // random() = 0.5: half of 1 s, 2 s, (Retry-After 30 s), 8 s; then the circuit opens at the cap.
    expect(waits).toEqual([0, 500, 1_000, 30_000, 4_000, 60_000]);
    expect(sync.getStatus()).toMatchObject({ state: 'circuit_open', consecutiveFailures: 6, outboxDepth: 3 });

    // While the circuit is open a local write does not trigger a request.
    sellCroissantForCash(orders);
    sync.kick();
    expect(scheduler.delays()).toEqual([60_000]);

    scheduler.fireNext();
    await flush();
    expect(sync.getStatus()).toMatchObject({ state: 'idle', consecutiveFailures: 0, outboxDepth: 0 });
    expect(server.log).toHaveLength(6);
  });

  it('resumes the persisted backoff after a restart instead of retrying at once', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    server.failures = [network(), network(), network()];
    const first = engine(store);
    first.start();
    for (let i = 0; i < 3; i++) {
      scheduler.fireNext();
      await flush();
    }
    const { nextAttemptAt } = first.getStatus();
    await first.stop();

    clock.advance(500);
    const second = engine(store);
    second.start();
    expect(second.getStatus()).toMatchObject({ state: 'backoff', consecutiveFailures: 3 });
    expect(scheduler.delays()).toEqual([nextAttemptAt! - clock.now()]);
  });

  it('dead-letters a poison event and delivers the good ones around it', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    const [, poison] = store.outboxBatch(10);
    server.rejectIds.add(poison!.id);
    const sync = engine(store);
    expect(await sync.syncNow()).toEqual({ pushed: 2, pulled: 0, deadLettered: 1 });
    expect(sync.getStatus()).toMatchObject({ outboxDepth: 0, deadLetters: 1, consecutiveFailures: 0 });
    expect(await sync.syncNow()).toEqual({ pushed: 0, pulled: 0, deadLettered: 0 });
    expect(server.pushes).toHaveLength(1); // nothing re-sent: the loop does not spin on the poison event
  });

  it('does not dead-letter when the server reports a seq gap; it backs off instead', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    const gapServer: SyncTransport = {
      pushStored: async (_origin, events) => ({
        results: events.map((e) => ({ id: e.id, seq: e.seq, status: 'rejected' as const, reason: 'gap', expectedSeq: 1 })),
        serverTime: clock.now(),
      }),
      pull: (cursor) => server.pull(cursor),
    };
    const sync = engine(store, gapServer);
    await expect(sync.syncNow()).rejects.toThrow(/expects seq 1/);
    expect(sync.getStatus()).toMatchObject({ outboxDepth: 3, deadLetters: 0, consecutiveFailures: 1 });
  });

  it('keeps an event the server cannot read yet (unsupported_event) for a later retry', async () => {
    const { store, orders } = station('station-a');
    sellCroissantForCash(orders);
    const oldServer: SyncTransport = {
      pushStored: async (_origin, events) => ({
        results: events.map((e) => ({
          id: e.id,
          seq: e.seq,
          status: 'rejected' as const,
          code: 'unsupported_event' as const,
          reason: 'unknown event version',
        })),
        serverTime: clock.now(),
      }),
      pull: (cursor) => server.pull(cursor),
    };
    const sync = engine(store, oldServer);
    await expect(sync.syncNow()).rejects.toThrow(/unknown event version/);
    expect(sync.getStatus()).toMatchObject({ outboxDepth: 3, deadLetters: 0 });
  });

  it('converges when pull pages arrive duplicated and reordered', async () => {
    const a = station('station-a');
    const orders = [sellCroissantForCash(a.orders), sellCroissantForCash(a.orders), sellCroissantForCash(a.orders)];
    await engine(a.store).syncNow();

    server.duplicatePages = true;
    server.pageSize = 4;
    const b = station('station-b');
    const report = await engine(b.store).syncNow();
    expect(report.pulled).toBe(9);
    for (const order of orders) expect(b.store.getOrder(order.id)).toEqual(a.store.getOrder(order.id));
  });

  it('reports consumer lag: events behind the server head and for how long', async () => {
    const a = station('station-a');
    sellCroissantForCash(a.orders);
    sellCroissantForCash(a.orders);
    sellCroissantForCash(a.orders);
    await engine(a.store).syncNow();

    server.pageSize = 4;
    const b = station('station-b');
    let pulls = 0;
    const flaky: SyncTransport = {
      pushStored: (origin, events) => server.pushStored(origin, events),
      pull: (cursor) => (++pulls === 2 ? Promise.reject(new SyncError({ kind: 'network', message: 'ECONNRESET' })) : server.pull(cursor)),
    };
    const sync = engine(b.store, flaky);
    expect(sync.getStatus()).toMatchObject({ serverHead: null, consumerLagEvents: null, consumerLagMs: null });
    await expect(sync.syncNow()).rejects.toThrow(/ECONNRESET/);
    expect(sync.getStatus()).toMatchObject({ pullCursor: 4, serverHead: 9, consumerLagEvents: 5, consumerLagMs: 0 });
    clock.advance(1_500);
    expect(sync.getStatus()).toMatchObject({ consumerLagEvents: 5, consumerLagMs: 1_500 });
    // A poke with a newer head widens the lag before the next pull.
    sync.observeServerHead(12);
    expect(sync.getStatus()).toMatchObject({ consumerLagEvents: 8, consumerLagMs: 1_500 });

    await sync.syncNow();
    expect(sync.getStatus()).toMatchObject({ pullCursor: 9, serverHead: 9, consumerLagEvents: 0, consumerLagMs: 0 });
  });

  describe('with two push batches in flight', () => {
    /** Three paid orders: nine events, three batches of three. */
    function nineEvents() {
      const { store, orders } = station('station-a');
      for (let i = 0; i < 3; i++) sellCroissantForCash(orders);
      expect(store.outboxStats().depth).toBe(9);
      return store;
    }

    it('sends a batch again, at once, when it overtook the one before it', async () => {
      const store = nineEvents();
      const gate = new SeqGateServer(clock);
      // The second push reaches the server before the first: refused as a gap, nothing stored.
      let first: (() => void) | undefined;
      gate.arrive = (push, process) => {
        if (push === 0) first = process;
        else if (push === 1) {
          process();
          first!();
        } else process();
      };
      const sync = engine(store, gate, { pushBatchSize: 3 });
      expect(await sync.syncNow()).toEqual({ pushed: 9, pulled: 0, deadLettered: 0 });
      expect(gate.log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // 4–6 overtook 1–3; 7–9, sent behind them, met the same gap; both went again, in order.
      expect(gate.pushedSeqs).toEqual([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [4, 5, 6],
        [7, 8, 9],
      ]);
      expect(sync.getStatus()).toMatchObject({ outboxDepth: 0, deadLetters: 0, consecutiveFailures: 0, lastError: '' });
    });

    it('fails the round on a gap in the oldest batch in flight: that is a real gap', async () => {
      const store = nineEvents();
      const gate = new SeqGateServer(clock);
      gate.log.push(...store.outboxBatch(1)); // the server already holds seq 1: the station's batch starts behind
      gate.log[0] = { ...gate.log[0]!, id: '0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b' };
      const sync = engine(store, gate, { pushBatchSize: 3 });
      sync.start();
      scheduler.fireNext();
      await flush();
      expect(sync.getStatus()).toMatchObject({ state: 'backoff', consecutiveFailures: 1, outboxDepth: 8 });
    });

    it('records a later batch answered while an earlier answer was lost, and re-pushes only the lost one', async () => {
      const store = nineEvents();
      const gate = new SeqGateServer(clock);
      gate.loseAnswers.add(0);
      const sync = engine(store, gate, { pushBatchSize: 3 });
      await expect(sync.syncNow()).rejects.toThrow(/ECONNRESET/);
      // 1–3 were stored but their answer lost; 4–6 went through behind them and count as delivered.
      expect(gate.log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(store.outboxStoredAfter(0, 10).map((e) => e.seq)).toEqual([1, 2, 3, 7, 8, 9]);
      const again = await sync.syncNow();
      expect(again).toEqual({ pushed: 6, pulled: 0, deadLettered: 0 });
      expect(gate.log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(store.outboxStats().depth).toBe(0);
    });

    it('keeps one batch in flight when the window is 1', async () => {
      const store = nineEvents();
      const gate = new SeqGateServer(clock);
      let inFlight = 0;
      let most = 0;
      gate.arrive = (_push, process) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Answered a moment later, on a real timer: the engine must not wait for it to send more.
        setTimeout(() => {
          inFlight -= 1;
          process();
        }, 5);
      };
      expect(await engine(store, gate, { pushBatchSize: 3, pushWindow: 1 }).syncNow()).toMatchObject({ pushed: 9 });
      expect(most).toBe(1);
      const other = station('station-b');
      for (let i = 0; i < 3; i++) sellCroissantForCash(other.orders);
      most = 0;
      expect(await engine(other.store, gate, { pushBatchSize: 3 }).syncNow()).toMatchObject({ pushed: 9 });
      expect(most).toBe(2);
    });
  });

  it('a kick during a round runs one more round right after it', async () => {
    const { store, orders } = station('station-a');
    const sync = engine(store);
    sync.start();
    scheduler.fireNext(); // round 1 starts with an empty outbox
    sellCroissantForCash(orders);
    sync.kick();
    await flush();
    expect(scheduler.delays()).toEqual([0]);
    scheduler.fireNext();
    await flush();
    expect(server.log).toHaveLength(3);
  });
});
