import type { Clock } from '../../shared/clock.js';
import type { DomainEvent } from '../../shared/events.js';
import { foldOrder } from '../../shared/order-fold.js';
import type { OrderView } from '../../shared/order-view.js';
import type { OrderPaymentLostAfterSale, OrderStatusChanged } from '../../shared/sync/channel.js';
import type { Logger } from '../../shared/logger.js';
import { intColumn, textColumn } from '../db/columns.js';
import type { Database, SqlExecutor } from '../db/database.js';

/** NOTIFY channel: "<store>" after new webhook deliveries were queued. */
export const WEBHOOKS_CHANNEL = 'pos_webhooks';

const PAGE = 500;

/** Follows what the projection folded, in its transaction (the menu's counted sales). */
export interface ProjectionFollower {
  recordSales(tx: SqlExecutor, storeId: string, orders: readonly { view: OrderView; log: readonly DomainEvent[] }[]): Promise<void>;
}

interface StatusChange {
  orderId: string;
  previousStatus: string | null;
  status: string;
  order: OrderView;
  serverSeq: number;
  /** Not a status change: a card payment approved offline was lost after the sale (its own webhook type). */
  lost?: Pick<OrderPaymentLostAfterSale, 'paymentId' | 'outcome' | 'amountMinor' | 'reason'>;
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
    private readonly coalesceMs = 250,
    private readonly follower?: ProjectionFollower,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** New events landed in a store (from the notification the append sent). */
  notify(storeId: string): void {
    if (this.stopped) return;
    this.pending.add(storeId);
    this.scheduleDrain();
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
    // A pass that is already running took its stores before these were added: wait for it, then
    // run one that includes them.
    while (this.running) await this.running;
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

  /**
   * Coalesce: a busy store pushes many small batches; one projection pass per window folds them
   * together. Stores notified while a pass runs wait for the next window instead of being
   * re-projected at once, which under steady load would cost one pass per push.
   */
  private scheduleDrain(): void {
    this.coalesce ??= setTimeout(() => {
      this.coalesce = undefined;
      if (this.running) return; // the running pass schedules the next window when it ends
      void this.drain();
    }, this.coalesceMs);
  }

  private drain(): Promise<void> {
    if (this.running) return this.running;
    // `.finally` runs as a microtask, so `running` is set before it can be cleared.
    this.running = this.drainPending().finally(() => {
      this.running = undefined;
      if (this.pending.size > 0 && !this.stopped) this.scheduleDrain();
    });
    return this.running;
  }

  /** One pass over the stores pending when it starts. */
  private async drainPending(): Promise<void> {
    const stores = [...this.pending];
    this.pending.clear();
    for (const storeId of stores) {
      if (this.stopped) break;
      try {
        while ((await this.projectPage(storeId)) === PAGE && !this.stopped);
      } catch (error) {
        this.logger.error({ err: error, storeId }, 'order projection failed; the sweep retries');
      }
    }
  }

  /** One page of one store's log; returns how many events it consumed. */
  async projectPage(storeId: string): Promise<number> {
    // Every pass runs per store and often per push, so it keeps to five round trips (BEGIN, cursor,
    // page, current state, write) plus the webhook queue when a listened order changed status.
    return this.db.transaction(async (tx) => {
      const cursor = await lockCursor(tx, storeId);
      if (cursor === undefined) return 0; // another instance is on it
      // The page, and every event up to its end of the orders it touches, in one read. The history
      // is looked up per order (LATERAL, on the store/order index): joined as a set, the planner
      // would scan every event up to the page's end, so each page would cost the whole log so far.
      const rows = await tx.query(
        `WITH page AS (SELECT server_seq, order_id FROM events WHERE store_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3),
              bounds AS (SELECT max(server_seq) AS page_end, count(*) AS consumed FROM page)
         SELECT e.order_id::text AS order_id, e.server_seq, e.body, b.page_end, b.consumed
         FROM bounds b
         CROSS JOIN (SELECT DISTINCT order_id FROM page) o
         CROSS JOIN LATERAL (
           SELECT h.order_id, h.server_seq, h.body FROM events h
           WHERE h.store_id = $1 AND h.order_id = o.order_id AND h.server_seq <= b.page_end
           OFFSET 0
         ) e
         ORDER BY e.server_seq`,
        [storeId, cursor, PAGE],
      );
      const first = rows[0];
      if (first === undefined) return 0;
      const pageEnd = intColumn(first, 'page_end');
      const consumed = intColumn(first, 'consumed');
      const byOrder = new Map<string, { serverSeq: number; event: DomainEvent }[]>();
      for (const row of rows) {
        const orderId = textColumn(row, 'order_id');
        let log = byOrder.get(orderId);
        if (log === undefined) byOrder.set(orderId, (log = []));
        // Written by this server after the shared schema admitted it; parsing it again would double the projection's cost.
        log.push({ serverSeq: intColumn(row, 'server_seq'), event: row['body'] as DomainEvent });
      }
      const state = await readState(tx, storeId, [...byOrder.keys()]);
      const { changes, upserts } = this.project(byOrder, state, cursor);
      await writeProjection(tx, storeId, upserts, pageEnd, new Date(this.clock.now()).toISOString());
      if (this.follower !== undefined)
        await this.follower.recordSales(
          tx,
          storeId,
          upserts.map((view) => ({ view, log: (byOrder.get(view.id) ?? []).map((entry) => entry.event) })),
        );
      const queued = await queueDeliveries(tx, storeId, changes, state.endpoints, this.clock.now());
      if (queued > 0) await tx.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, storeId]);
      this.logger.debug({ storeId, cursor: pageEnd, orders: byOrder.size, statusChanges: changes.length, queued }, 'orders projected');
      return consumed;
    });
  }

  /** Folds each order; status changes are listed only for orders some endpoint listens to. */
  private project(
    byOrder: ReadonlyMap<string, { serverSeq: number; event: DomainEvent }[]>,
    state: ProjectionState,
    cursor: number,
  ): { changes: StatusChange[]; upserts: OrderView[] } {
    const changes: StatusChange[] = [];
    const upserts: OrderView[] = [];
    for (const [orderId, log] of byOrder) {
      const latest = foldOrder(log.map((entry) => entry.event));
      if (latest === undefined) continue; // opening event not here yet
      upserts.push(latest);
      const known = state.statuses.get(orderId) ?? null;
      // Intermediate statuses need a fold per new event; only worth it when someone listens.
      const listened = state.endpoints.some((e) => e.scope === 'all' || e.owner === latest.openedBy);
      if (!listened) continue;
      let status = known;
      for (let i = 0; i < log.length; i++) {
        if (log[i]!.serverSeq <= cursor) continue;
        const view = i === log.length - 1 ? latest : foldOrder(log.slice(0, i + 1).map((entry) => entry.event));
        if (view === undefined || view.status === status) continue;
        changes.push({ orderId, previousStatus: status, status: view.status, order: view, serverSeq: log[i]!.serverSeq });
        status = view.status;
      }
      for (const { serverSeq, event } of log) {
        if (serverSeq <= cursor || (event.type !== 'OfflinePaymentDeclined' && event.type !== 'OfflinePaymentExpired')) continue;
        const payment = latest.payments.find((p) => p.paymentId === event.payload.paymentId);
        // A loss the fold did not accept (unknown payment, already settled) changed nothing: no webhook.
        if (payment?.status !== (event.type === 'OfflinePaymentDeclined' ? 'declined_after_sale' : 'expired')) continue;
        const lost = {
          paymentId: payment.paymentId,
          outcome: event.type === 'OfflinePaymentDeclined' ? ('declined' as const) : ('expired' as const),
          amountMinor: payment.amountMinor + payment.tipMinor,
          reason: event.payload.reason,
        };
        changes.push({ orderId, previousStatus: latest.status, status: latest.status, order: latest, serverSeq, lost });
      }
    }
    return { changes, upserts };
  }
}

interface Endpoint {
  id: string;
  owner: string;
  scope: string;
}

interface ProjectionState {
  /** Last projected status of each order of the page that has one. */
  statuses: Map<string, string>;
  /** The store's live webhook endpoints. */
  endpoints: Endpoint[];
}

/** Locks the store's projection cursor (creating it on first use); undefined while another instance holds it. */
async function lockCursor(tx: SqlExecutor, storeId: string): Promise<number | undefined> {
  const [row] = await tx.query('SELECT cursor FROM projector_cursors WHERE store_id = $1 FOR UPDATE SKIP LOCKED', [storeId]);
  if (row !== undefined) return intColumn(row, 'cursor');
  // Missing, or locked by another instance: only the insert of a missing row returns one.
  const [created] = await tx.query(
    'INSERT INTO projector_cursors (store_id, cursor) VALUES ($1, 0) ON CONFLICT (store_id) DO NOTHING RETURNING cursor',
    [storeId],
  );
  return created === undefined ? undefined : intColumn(created, 'cursor');
}

/** Known statuses of the page's orders and the store's endpoints, in one round trip. */
async function readState(tx: SqlExecutor, storeId: string, orderIds: string[]): Promise<ProjectionState> {
  const rows = await tx.query(
    `SELECT 'order' AS kind, order_id::text AS key, status AS a, NULL AS b FROM orders WHERE store_id = $1 AND order_id = ANY($2::uuid[])
     UNION ALL
     SELECT 'endpoint', id, owner_origin, scope FROM webhook_endpoints WHERE store_id = $1 AND deleted_at IS NULL`,
    [storeId, orderIds],
  );
  const state: ProjectionState = { statuses: new Map(), endpoints: [] };
  for (const row of rows) {
    if (row['kind'] === 'order') state.statuses.set(textColumn(row, 'key'), textColumn(row, 'a'));
    else state.endpoints.push({ id: textColumn(row, 'key'), owner: textColumn(row, 'a'), scope: textColumn(row, 'b') });
  }
  return state;
}

/** Upserts the folded orders and moves the cursor past the page, in one statement. */
async function writeProjection(
  tx: SqlExecutor,
  storeId: string,
  upserts: readonly OrderView[],
  pageEnd: number,
  nowIso: string,
): Promise<void> {
  if (upserts.length === 0) {
    await tx.query('UPDATE projector_cursors SET cursor = $2 WHERE store_id = $1', [storeId, pageEnd]);
    return;
  }
  const params: (string | number)[] = [storeId, nowIso, pageEnd];
  const tuples = upserts.map((view) => {
    const at = params.length;
    params.push(view.id, view.status, view.openedBy, JSON.stringify(view));
    return `($1, $${at + 1}::uuid, $${at + 2}, $${at + 3}, $${at + 4}::text::jsonb, $2::timestamptz)`;
  });
  await tx.query(
    `WITH moved AS (UPDATE projector_cursors SET cursor = $3 WHERE store_id = $1)
     INSERT INTO orders (store_id, order_id, status, opened_by, view, updated_at) VALUES ${tuples.join(', ')}
     ON CONFLICT (store_id, order_id) DO UPDATE SET status = excluded.status, view = excluded.view, updated_at = excluded.updated_at`,
    params,
  );
}

async function queueDeliveries(
  tx: SqlExecutor,
  storeId: string,
  changes: readonly StatusChange[],
  endpoints: readonly Endpoint[],
  now: number,
): Promise<number> {
  if (changes.length === 0 || endpoints.length === 0) return 0;
  const nowIso = new Date(now).toISOString();
  const params: (string | number)[] = [storeId, nowIso];
  const tuples: string[] = [];
  for (const change of changes) {
    for (const endpoint of endpoints) {
      if (endpoint.scope !== 'all' && endpoint.owner !== change.order.openedBy) continue;
      const endpointId = endpoint.id;
      const { lost, ...status } = change;
      const payload: OrderStatusChanged | OrderPaymentLostAfterSale = lost
        ? {
            type: 'order.payment_declined_after_sale',
            storeId,
            orderId: change.orderId,
            ...lost,
            order: change.order,
            serverSeq: change.serverSeq,
          }
        : { type: 'order.status_changed', storeId, ...status };
      const at = params.length;
      // Deterministic id: the receiver dedupes on it, and a re-run of this page cannot queue twice.
      params.push(`msg_${change.serverSeq}_${endpointId}`, endpointId, change.orderId, JSON.stringify(payload));
      tuples.push(
        `($${at + 1}, $${at + 2}, $1, $${at + 3}::uuid, $${at + 4}::text::jsonb, 'pending', $2::timestamptz, $2::timestamptz, $2::timestamptz)`,
      );
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
