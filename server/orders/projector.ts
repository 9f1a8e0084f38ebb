import type { Clock } from '../../shared/clock.js';
import type { DomainEvent } from '../../shared/events.js';
import { foldOrder } from '../../shared/order-fold.js';
import type { OrderView } from '../../shared/order-view.js';
import type { OrderStatusChanged } from '../../shared/sync/channel.js';
import type { Logger } from '../../shared/logger.js';
import { intColumn, textColumn } from '../db/columns.js';
import type { Database, SqlExecutor } from '../db/database.js';

/** NOTIFY channel: "<store>" after new webhook deliveries were queued. */
export const WEBHOOKS_CHANNEL = 'pos_webhooks';

const PAGE = 500;

interface StatusChange {
  orderId: string;
  previousStatus: string | null;
  status: string;
  order: OrderView;
  serverSeq: number;
}

/**
 * Follows each store's event log by server cursor and keeps `orders` (the folded status of every
 * order) current. Every status change queues one webhook delivery per matching endpoint in the same
 * transaction that moves the cursor, so a crash never loses or doubles a change. The fold is the
 * shared one: conflicts it resolves are recorded on the order, never rejected.
 * Several instances may run it: a store's cursor row is locked with SKIP LOCKED, one wins.
 */
export class OrderProjector {
  private readonly pending = new Set<string>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private coalesce: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sweepMs = 5_000,
    private readonly coalesceMs = 100,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** New events landed in a store (from the notification the append sent). */
  notify(storeId: string): void {
    if (this.stopped) return;
    this.pending.add(storeId);
    // Coalesce: a busy store pushes many small batches; one projection pass per window folds them together.
    this.coalesce ??= setTimeout(() => {
      this.coalesce = undefined;
      void this.drain();
    }, this.coalesceMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.coalesce);
    await this.running;
  }

  /** Catches every store up to its log head; returns when done (tests, the periodic sweep). */
  async catchUp(): Promise<void> {
    const rows = await this.db.query(
      `SELECT s.id FROM stores s LEFT JOIN projector_cursors p ON p.store_id = s.id
       WHERE EXISTS (SELECT 1 FROM events e WHERE e.store_id = s.id AND e.server_seq > coalesce(p.cursor, 0))`,
    );
    for (const row of rows) this.pending.add(textColumn(row, 'id'));
    await this.drain();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.catchUp()
        .catch((error: unknown) => this.logger.error({ err: error }, 'order projection sweep failed'))
        .finally(() => {
          if (!this.stopped) this.schedule(this.sweepMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private drain(): Promise<void> {
    if (this.running) return this.running;
    // `.finally` runs as a microtask, so `running` is set before it can be cleared.
    this.running = this.drainPending().finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 && !this.stopped) void this.drain();
    });
    return this.running;
  }

  private async drainPending(): Promise<void> {
    while (this.pending.size > 0 && !this.stopped) {
      const [storeId] = this.pending;
      if (storeId === undefined) break;
      this.pending.delete(storeId);
      try {
        while ((await this.projectPage(storeId)) === PAGE && !this.stopped);
      } catch (error) {
        this.logger.error({ err: error, storeId }, 'order projection failed; the sweep retries');
      }
    }
  }

  /** One page of one store's log; returns how many events it consumed. */
  async projectPage(storeId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO projector_cursors (store_id, cursor) VALUES ($1, 0) ON CONFLICT (store_id) DO NOTHING', [storeId]);
      const [cursorRow] = await tx.query('SELECT cursor FROM projector_cursors WHERE store_id = $1 FOR UPDATE SKIP LOCKED', [storeId]);
      if (cursorRow === undefined) return 0; // another instance is on it
      const cursor = intColumn(cursorRow, 'cursor');
      const page = await tx.query('SELECT server_seq, order_id::text AS order_id FROM events WHERE store_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3', [
        storeId,
        cursor,
        PAGE,
      ]);
      if (page.length === 0) return 0;
      const pageEnd = intColumn(page[page.length - 1]!, 'server_seq');
      const orderIds = [...new Set(page.map((row) => textColumn(row, 'order_id')))];
      const changes = await this.project(tx, storeId, orderIds, cursor, pageEnd);
      const queued = await queueDeliveries(tx, storeId, changes, this.clock.now());
      await tx.query('UPDATE projector_cursors SET cursor = $2 WHERE store_id = $1', [storeId, pageEnd]);
      if (queued > 0) await tx.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, storeId]);
      this.logger.debug({ storeId, cursor: pageEnd, orders: orderIds.length, statusChanges: changes.length, queued }, 'orders projected');
      return page.length;
    });
  }

  private async project(tx: SqlExecutor, storeId: string, orderIds: string[], cursor: number, pageEnd: number): Promise<StatusChange[]> {
    const rows = await tx.query(
      'SELECT order_id::text AS order_id, server_seq, body FROM events WHERE store_id = $1 AND order_id = ANY($2::uuid[]) AND server_seq <= $3 ORDER BY server_seq',
      [storeId, orderIds, pageEnd],
    );
    const byOrder = new Map<string, { serverSeq: number; event: DomainEvent }[]>();
    for (const row of rows) {
      const list = byOrder.get(textColumn(row, 'order_id')) ?? [];
      // Written by this server after the shared schema admitted it; parsing it again would double the projection's cost.
      list.push({ serverSeq: intColumn(row, 'server_seq'), event: row['body'] as DomainEvent });
      byOrder.set(textColumn(row, 'order_id'), list);
    }
    const knownStatus = new Map(
      (await tx.query('SELECT order_id::text AS order_id, status FROM orders WHERE store_id = $1 AND order_id = ANY($2::uuid[])', [storeId, orderIds])).map(
        (row) => [textColumn(row, 'order_id'), textColumn(row, 'status')] as const,
      ),
    );
    const endpoints = (await tx.query('SELECT owner_origin, scope FROM webhook_endpoints WHERE store_id = $1 AND deleted_at IS NULL', [storeId])).map((row) => ({
      scope: row['scope'],
      owner: row['owner_origin'],
    }));
    const changes: StatusChange[] = [];
    const upserts: OrderView[] = [];
    for (const [orderId, log] of byOrder) {
      const latest = foldOrder(log.map((entry) => entry.event));
      if (latest === undefined) continue; // opening event not here yet
      upserts.push(latest);
      const known = knownStatus.get(orderId) ?? null;
      // Intermediate statuses need a fold per new event; only worth it when someone listens.
      const listened = endpoints.some((e) => e.scope === 'all' || e.owner === latest.openedBy);
      if (!listened) continue;
      let status = known;
      for (let i = 0; i < log.length; i++) {
        if (log[i]!.serverSeq <= cursor) continue;
        const view = i === log.length - 1 ? latest : foldOrder(log.slice(0, i + 1).map((entry) => entry.event));
        if (view === undefined || view.status === status) continue;
        changes.push({ orderId, previousStatus: status, status: view.status, order: view, serverSeq: log[i]!.serverSeq });
        status = view.status;
      }
    }
    if (upserts.length > 0) {
      const params: (string | number)[] = [storeId, new Date(this.clock.now()).toISOString()];
      const tuples = upserts.map((view) => {
        const at = params.length;
        params.push(view.id, view.status, view.openedBy, JSON.stringify(view));
        return `($1, $${at + 1}::uuid, $${at + 2}, $${at + 3}, $${at + 4}::text::jsonb, $2::timestamptz)`;
      });
      await tx.query(
        `INSERT INTO orders (store_id, order_id, status, opened_by, view, updated_at) VALUES ${tuples.join(', ')}
         ON CONFLICT (store_id, order_id) DO UPDATE SET status = excluded.status, view = excluded.view, updated_at = excluded.updated_at`,
        params,
      );
    }
    return changes;
  }
}

async function queueDeliveries(tx: SqlExecutor, storeId: string, changes: readonly StatusChange[], now: number): Promise<number> {
  if (changes.length === 0) return 0;
  const endpoints = await tx.query('SELECT id, owner_origin, scope FROM webhook_endpoints WHERE store_id = $1 AND deleted_at IS NULL', [storeId]);
  if (endpoints.length === 0) return 0;
  const nowIso = new Date(now).toISOString();
  const params: (string | number)[] = [storeId, nowIso];
  const tuples: string[] = [];
  for (const change of changes) {
    for (const endpoint of endpoints) {
      if (endpoint['scope'] !== 'all' && endpoint['owner_origin'] !== change.order.openedBy) continue;
      const endpointId = textColumn(endpoint, 'id');
      const payload: OrderStatusChanged = { type: 'order.status_changed', storeId, ...change };
      const at = params.length;
      // Deterministic id: the receiver dedupes on it, and a re-run of this page cannot queue twice.
      params.push(`msg_${change.serverSeq}_${endpointId}`, endpointId, change.orderId, JSON.stringify(payload));
      tuples.push(`($${at + 1}, $${at + 2}, $1, $${at + 3}::uuid, $${at + 4}::text::jsonb, 'pending', $2::timestamptz, $2::timestamptz, $2::timestamptz)`);
    }
  }
  if (tuples.length === 0) return 0;
  const rows = await tx.query(
    `INSERT INTO webhook_deliveries (message_id, endpoint_id, store_id, order_id, payload, state, next_attempt_at, created_at, updated_at)
     VALUES ${tuples.join(', ')} ON CONFLICT (message_id) DO NOTHING RETURNING id`,
    params,
  );
  return rows.length;
}
