import { OVERSOLD_RULE } from '../../../shared/menu/availability.js';
import { checkBarcode } from '../../../shared/barcode.js';
import type { CatalogItem } from '../../../shared/catalog.js';
import { encodeHlc } from '../../../shared/hlc.js';
import type { OrderType } from '../../../shared/events.js';
import { uuidv7 } from '../../../shared/ids.js';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  IpcError,
  IpcResult,
  PushEventName,
  PushPayload,
} from '../../../shared/ipc/contract.js';
import type { KitchenRoutingView } from '../../../shared/ipc/commands/kitchen.js';
import type { MeshView } from '../../../shared/ipc/diagnostics.js';
import type { ShiftView, StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import type { OrderLineView, OrderView, TicketView } from '../../../shared/order-view.js';
import { initialConnection, type ConnectionState, type ManagedBridge } from '../bridge/connection.js';
import { PushHub } from '../bridge/push-hub.js';

/**
 * In-memory stand-in for the station core, for unit tests only: enough order semantics (open, add,
 * barcode lookup, cash payment) to drive the cart and the store without a socket or a database.
 */

export const testCatalog: CatalogItem[] = [
  { id: 'espresso', name: 'Espresso', category: 'Coffee', priceMinor: 250, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'latte', name: 'Latte', category: 'Coffee', priceMinor: 380, currency: 'EUR', kitchenStation: 'bar' },
  { id: 'water', name: 'Still water', category: 'Drinks', priceMinor: 150, currency: 'EUR', barcode: '4006381333931' },
];

export const BASE_TIME_MS = 1_750_000_000_000;

let idCounter = 0;
/** Deterministic, schema-valid UUIDv7s so fixtures pass the contract's zod checks. */
export function testId(nowMs = BASE_TIME_MS): string {
  const n = ++idCounter;
  return uuidv7(nowMs, (length) => Uint8Array.from({ length }, (_, i) => (n * 31 + i * 7) % 256));
}

export function makeOrder(overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: testId(),
    status: 'open',
    channel: 'counter',
    orderType: 'takeout',
    currency: 'EUR',
    ticketNumber: 1,
    openedBy: 'station-1',
    openedAt: encodeHlc({ wallMs: BASE_TIME_MS, counter: 0 }),
    lines: [],
    voidedLines: [],
    discounts: [],
    subtotalMinor: 0,
    discountMinor: 0,
    taxes: [],
    taxMinor: 0,
    totalMinor: 0,
    tipMinor: 0,
    paidMinor: 0,
    dueMinor: 0,
    changeMinor: 0,
    cashRoundingMinor: 0,
    overpaidMinor: 0,
    refundedMinor: 0,
    refundDueMinor: 0,
    payments: [],
    splitParts: [],
    tickets: [],
    waste: [],
    eventCount: 1,
    lastHlc: encodeHlc({ wallMs: BASE_TIME_MS, counter: 0 }),
    vv: {},
    conflicts: [],
    ...overrides,
  };
}

/** A line as the fold shows it: untaxed, undiscounted, no modifiers. */
export function makeLine(fields: {
  itemId: string;
  name: string;
  unitPriceMinor: number;
  quantity?: number;
  kitchenStation?: string;
}): OrderLineView {
  const quantity = fields.quantity ?? 1;
  const totalMinor = fields.unitPriceMinor * quantity;
  return {
    lineId: testId(),
    ...fields,
    quantity,
    totalMinor,
    modifiers: [],
    tax: { ratePpm: 0, included: true },
    discountMinor: 0,
    netMinor: totalMinor,
  };
}

/** The fake answers the commands tests need; any other answers `unknown_command`, like a station without it. */
type Handlers = { [K in CommandName]?: (args: CommandArgs<K>) => IpcResult<CommandResult<K>> };

function fail(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

export class FakeStation implements ManagedBridge {
  readonly calls: { command: CommandName; args: unknown }[] = [];
  readonly orders = new Map<string, OrderView>();
  catalog: CatalogItem[] = testCatalog;
  /** A till without staff sign-in, like a fresh install. */
  staffSession: StaffSessionView = { requireSignIn: false, signedIn: null, signedInAt: null };
  shift: ShiftView | null = null;
  routing: KitchenRoutingView = {
    routing: { stations: ['bar'], byCategory: {}, byItem: {}, fireChannelOrders: false },
    categories: [],
    items: testCatalog.map((item) => ({ id: item.id, name: item.name, category: item.category, station: item.kitchenStation ?? null })),
  };
  /** The store mesh; null like a station without one (`mesh.status` says disabled, diagnostics omit it). */
  mesh: MeshView | null = null;
  /** While true, answers wait for release(): lets a test tap twice before the first call returns. */
  holding = false;
  private readonly held: (() => void)[] = [];
  // A push the window would drop is a broken test fixture or contract: fail the test at the push, loudly.
  private readonly hub = new PushHub((message, detail) => {
    throw new Error(`${message}: ${JSON.stringify(detail)}`);
  });
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private connection: ConnectionState = { ...initialConnection, status: 'online', stationId: 'station-1', role: 'cashier' };
  private nextTicket = 1;
  private tick = 0;
  disposed = false;

  invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>> {
    this.calls.push({ command, args });
    const known: Handlers[K] = this.handlers[command];
    const handler = known ?? (() => fail('unknown_command', `The fake station does not implement ${command}`));
    if (!this.holding) return Promise.resolve(handler(args));
    return new Promise((resolve) => this.held.push(() => resolve(handler(args))));
  }

  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void {
    return this.hub.on(event, listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.connection);
    return () => {
      this.connectionListeners.delete(listener);
    };
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Answers every held call, in the order they were made. */
  release(): void {
    this.holding = false;
    for (const answer of this.held.splice(0)) answer();
  }

  /** Like the core's socket: a push sent while the window is not connected never reaches it. */
  push<K extends PushEventName>(event: K, payload: PushPayload<K>): void {
    if (this.connection.status !== 'online') return;
    this.hub.emit(event, payload);
  }

  setConnection(state: Partial<ConnectionState>): void {
    this.connection = { ...this.connection, ...state };
    for (const listener of this.connectionListeners) listener(this.connection);
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  private stamp(order: OrderView, changes: Partial<OrderView>): OrderView {
    const next = {
      ...order,
      ...changes,
      eventCount: order.eventCount + 1,
      lastHlc: encodeHlc({ wallMs: BASE_TIME_MS, counter: ++this.tick }),
    };
    this.orders.set(next.id, next);
    return next;
  }

  /** Like the core: no orderId opens a new order with this first line, atomically. */
  private addItem(
    orderId: string | undefined,
    orderType: OrderType | undefined,
    item: CatalogItem,
    quantity: number,
  ): IpcResult<OrderView> {
    const order =
      orderId === undefined ? makeOrder({ orderType: orderType ?? 'takeout', ticketNumber: this.nextTicket++ }) : this.orders.get(orderId);
    if (!order) return fail('not_found', `No order ${orderId}`);
    if (orderId === undefined) this.orders.set(order.id, order);
    if (order.status !== 'open') return fail('invalid_state', 'That order is already paid');
    const line = makeLine({
      itemId: item.id,
      name: item.name,
      quantity,
      unitPriceMinor: item.priceMinor,
      ...(item.kitchenStation ? { kitchenStation: item.kitchenStation } : {}),
    });
    const totalMinor = order.totalMinor + line.totalMinor;
    return {
      ok: true,
      value: this.stamp(order, { lines: [...order.lines, line], subtotalMinor: totalMinor, totalMinor, dueMinor: totalMinor }),
    };
  }

  /** Fires one ticket per kitchen station for an order's unticketed lines, like the core on payment. */
  fireTickets(orderId: string): OrderView {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId}`);
    const byStation = new Map<string, string[]>();
    for (const line of order.lines) {
      if (line.ticketId !== undefined) continue;
      const station = line.kitchenStation ?? 'kitchen';
      byStation.set(station, [...(byStation.get(station) ?? []), line.lineId]);
    }
    const firedAt = encodeHlc({ wallMs: BASE_TIME_MS, counter: ++this.tick });
    const tickets = [...order.tickets];
    const lines = order.lines.map((l) => ({ ...l }));
    for (const [station, lineIds] of byStation) {
      const ticketId = `t-${order.ticketNumber}-${station}`;
      tickets.push({ ticketId, station, status: 'queued', lineIds, voidedLineIds: [], doneLineIds: [], firedAt, flashCancelled: false });
      for (const line of lines) if (lineIds.includes(line.lineId)) line.ticketId = ticketId;
    }
    const next = this.stamp(order, { tickets, lines });
    this.push('order.changed', next);
    return next;
  }

  /** A cancellation from another channel: started tickets flash CANCELLED, queued ones stop. */
  cancelOrder(orderId: string): OrderView {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId}`);
    const tickets = order.tickets.map((t) =>
      t.status === 'queued'
        ? { ...t, status: 'cancelled' as const }
        : t.status === 'bumped'
          ? t
          : { ...t, status: 'cancel_pending' as const, flashCancelled: true },
    );
    const next = this.stamp(order, { status: 'cancel_requested', tickets });
    this.push('order.changed', next);
    return next;
  }

  private ticketStep(
    args: { orderId: string; ticketId: string },
    allowed: readonly string[],
    to: TicketView['status'],
  ): IpcResult<OrderView> {
    const order = this.orders.get(args.orderId);
    if (!order) return fail('not_found', `No order ${args.orderId}`);
    const ticket = order.tickets.find((t) => t.ticketId === args.ticketId);
    if (!ticket) return fail('not_found', `No ticket ${args.ticketId}`);
    if (!allowed.includes(ticket.status)) return fail('invalid_state', `Ticket is ${ticket.status}`);
    const done = (t: TicketView) => (to === 'bumped' ? [...t.lineIds] : t.doneLineIds);
    const tickets = order.tickets.map((t) =>
      t.ticketId === args.ticketId ? { ...t, status: to, doneLineIds: done(t), flashCancelled: to === 'cancel_pending' } : t,
    );
    const next = this.stamp(order, { tickets });
    this.push('order.changed', next);
    return { ok: true, value: next };
  }

  /** As the core: a queued ticket starts on the first tick; bumped or cancelled tickets take none. */
  private lineMark(args: { orderId: string; ticketId: string; lineId: string }, done: boolean): IpcResult<OrderView> {
    const order = this.orders.get(args.orderId);
    if (!order) return fail('not_found', `No order ${args.orderId}`);
    const ticket = order.tickets.find((t) => t.ticketId === args.ticketId);
    if (!ticket || !ticket.lineIds.includes(args.lineId)) return fail('not_found', `No line ${args.lineId} on ticket ${args.ticketId}`);
    const startsIt = done && ticket.status === 'queued';
    if (!startsIt && !['in_progress', 'ready', 'recalled'].includes(ticket.status))
      return fail('invalid_state', `Ticket is ${ticket.status}`);
    const doneLineIds = ticket.lineIds.filter((id) => (id === args.lineId ? done : ticket.doneLineIds.includes(id)));
    const status = startsIt ? ('in_progress' as const) : ticket.status;
    const tickets = order.tickets.map((t) => (t.ticketId === args.ticketId ? { ...t, status, doneLineIds } : t));
    const next = this.stamp(order, { tickets });
    this.push('order.changed', next);
    return { ok: true, value: next };
  }

  private kitchenHandlers(): Handlers {
    return {
      'ticket.start': (args) => this.ticketStep(args, ['queued', 'recalled'], 'in_progress'),
      'ticket.ready': (args) => this.ticketStep(args, ['queued', 'in_progress', 'recalled'], 'ready'),
      'ticket.bump': (args) => this.ticketStep(args, ['queued', 'in_progress', 'ready', 'recalled'], 'bumped'),
      'ticket.recall': (args) => this.ticketStep(args, ['bumped'], 'recalled'),
      'ticket.acknowledgeCancel': (args) => this.ticketStep(args, ['cancel_pending'], 'cancelled'),
      'ticket.lineDone': (args) => this.lineMark(args, true),
      'ticket.lineUndone': (args) => this.lineMark(args, false),
    };
  }

  private readonly handlers: Handlers = {
    'catalog.list': () => ({ ok: true, value: { items: this.catalog, menu: null } }),
    'display.current': () => ({ ok: true, value: { orderId: null } }),
    'order.open': (args) => {
      const order = makeOrder({ orderType: args.orderType ?? 'takeout', ticketNumber: this.nextTicket++ });
      this.orders.set(order.id, order);
      return { ok: true, value: order };
    },
    'order.addLine': (args) => {
      const item = this.catalog.find((i) => i.id === args.itemId);
      if (!item) return fail('not_found', `No item ${args.itemId}`);
      return this.addItem(args.orderId, args.orderType, item, args.quantity ?? 1);
    },
    'order.addBarcode': (args) => {
      const check = checkBarcode(args.barcode);
      if (!check.ok) return fail('invalid_barcode', check.message);
      const item = this.catalog.find((i) => i.barcode === check.gtin);
      if (!item) return fail('unknown_barcode', `No item has barcode ${check.gtin}`);
      return this.addItem(args.orderId, args.orderType, item, 1);
    },
    'order.payCash': (args) => {
      const order = this.orders.get(args.orderId);
      if (!order) return fail('not_found', `No order ${args.orderId}`);
      if (order.status !== 'open' || order.lines.length === 0) return fail('invalid_state', 'Nothing to pay');
      if (args.tenderedMinor < order.totalMinor) return fail('insufficient_tender', 'Cash tendered is less than the total');
      const changeMinor = args.tenderedMinor - order.totalMinor;
      const paid = this.stamp(order, { status: 'paid', paidMinor: order.totalMinor, dueMinor: 0, changeMinor });
      return { ok: true, value: { order: paid, changeMinor } };
    },
    ...this.kitchenHandlers(),
    'orders.listActive': () => ({ ok: true, value: { orders: [...this.orders.values()] } }),
    'payment.refundsDue': () => ({
      ok: true,
      value: { orders: [...this.orders.values()].filter((o) => o.status === 'cancel_requested' || o.status === 'refund_pending') },
    }),
    'staff.current': () => ({ ok: true, value: this.staffSession }),
    'shift.current': () => ({ ok: true, value: this.shift }),
    'kitchen.routing': () => ({ ok: true, value: this.routing }),
    'menu.availability': () => ({
      ok: true,
      value: { items: [], oversoldRule: { name: OVERSOLD_RULE.name, resolution: OVERSOLD_RULE.resolution } },
    }),
    // A fake station has no central server, like a standalone till.
    'sync.status': () => ({ ok: true, value: null }),
    'sync.now': () => fail('unavailable', 'No central server is configured for this station'),
    'mesh.status': () => {
      const peers = (this.mesh?.peers ?? []).map(({ found, url, address, stationId, state, reason }) => ({
        found,
        url,
        address,
        stationId,
        state,
        reason,
      }));
      return {
        ok: true,
        value: { enabled: this.mesh?.enabled ?? false, connected: peers.filter((p) => p.state === 'connected').length, peers },
      };
    },
    'diagnostics.get': () => ({
      ok: true,
      value: {
        stationId: 'station-fake',
        dataDir: '/fake',
        databasePath: '/fake/station.sqlite',
        databaseBytes: 0,
        sync: null,
        deadLetters: [],
        conflicts: [],
        devices: [],
        recentErrors: [],
        ...(this.mesh ? { mesh: this.mesh } : {}),
      },
    }),
    'deadLetters.replay': (args) => fail('not_found', `No dead letter ${args.eventId}`),
    'deadLetters.discard': (args) => fail('not_found', `No dead letter ${args.eventId}`),
    // A fake station has no peripherals.
    'devices.list': () => ({ ok: true, value: { devices: [] } }),
    'devices.test': (args) => fail('not_found', `No device ${args.deviceId}`),
    'devices.discover': () => ({ ok: true, value: { devices: [], errors: [] } }),
    'print.jobs': () => ({ ok: true, value: { jobs: [] } }),
    'print.reprint': (args) => fail('not_found', `No print job ${args.jobId}`),
    'print.receiptCopy': () => fail('unavailable', 'No receipt printer is configured'),
    'print.acknowledge': (args) => fail('not_found', `No print job ${args.jobId}`),
    'print.cancel': (args) => fail('not_found', `No print job ${args.jobId}`),
    'drawer.open': () => fail('unavailable', 'No cash drawer is configured'),
  };
}
