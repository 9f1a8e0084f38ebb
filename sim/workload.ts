import type { CatalogItem } from '../shared/catalog.js';
import type { OrderView } from '../shared/order-view.js';
import { ChannelOrderResponse } from '../shared/sync/channel.js';
import type { SimRandom } from './random.js';
import type { SimServer } from './sim-server.js';
import type { SimStation } from './sim-station.js';
import type { SimWorld } from './world.js';

/** Cash that physically went into (or out of) each station's drawer, as the cashier handed it over. */
export type DrawerLedger = Map<string, number>;

export interface ChannelOrderRecord {
  origin: 'web' | 'mobile';
  key: string;
  orderId: string | undefined;
}

const CHANNEL_RETRY_MS = 5_000;

/**
 * People using the store: cashiers ringing up and paying sales (cash), cooks working tickets,
 * managers cancelling and refunding, and web and mobile customers ordering and cancelling through
 * the server (retrying with the same idempotency key when an answer is lost). Every action goes
 * through the real order service of whichever station it happens at; a refusal (the order moved on
 * meanwhile) is part of the game.
 */
export class Workload {
  readonly drawers: DrawerLedger = new Map();
  readonly channelOrders: ChannelOrderRecord[] = [];
  private channelKeys = 0;

  constructor(
    private readonly world: SimWorld,
    private readonly server: SimServer,
    private readonly stations: readonly SimStation[],
    private readonly catalog: readonly CatalogItem[],
    private readonly random: SimRandom,
  ) {}

  /** Schedules `actions` actions spread over `durationMs`. */
  plan(actions: number, durationMs: number): void {
    for (let i = 0; i < actions; i++) {
      const at = this.world.now() + this.random.int(0, durationMs);
      const roll = this.random.next();
      if (roll < 0.35) this.world.at(at, 'sale', () => this.sale());
      else if (roll < 0.53) this.world.at(at, 'kitchen', () => this.kitchen());
      else if (roll < 0.71) this.world.at(at, 'channel order', () => this.channelOrder());
      else if (roll < 0.75) this.world.at(at, 'channel cancel', () => this.channelCancel());
      else if (roll < 0.81) this.world.at(at, 'pay open', () => this.payOpen());
      else if (roll < 0.87) this.world.at(at, 'cancel', () => this.cancel());
      else if (roll < 0.93) this.world.at(at, 'refund', () => this.refund());
      else this.world.at(at, 'complete', () => this.complete());
    }
  }

  /**
   * Now and then a manager at a counter edits the store's kitchen routing (an item moves to another
   * kitchen station), on a stream of its own so the rest of the workload draws the same. The edit is
   * store data: it must reach every station over the mesh, and lines follow it wherever it has arrived.
   */
  planRoutingEdits(random: SimRandom, durationMs: number): void {
    const start = this.world.now();
    for (let i = random.int(0, 2); i > 0; i--)
      this.world.at(start + random.int(0, durationMs), 'routing edit', () => this.editRouting(random));
  }

  private editRouting(random: SimRandom): void {
    const open = this.stations.filter((s) => s.spec.counter && s.running);
    if (open.length === 0) return;
    const station = random.pick(open);
    const routing = station.running!.routing;
    const item = random.pick(this.catalog.filter((i) => i.kitchenStation !== undefined));
    const to = random.pick(routing.current.stations);
    const edited = routing.replace({ ...routing.current, byItem: { ...routing.current.byItem, [item.id]: to } });
    this.world.trace(`${station.id} routing ${item.id} -> ${to}${edited.ok ? '' : ` refused: ${edited.error.message}`}`);
  }

  private counter(): SimStation | undefined {
    const open = this.stations.filter((s) => s.spec.counter && s.running);
    return open.length === 0 ? undefined : this.random.pick(open);
  }

  private anyRunning(): SimStation | undefined {
    const open = this.stations.filter((s) => s.running);
    return open.length === 0 ? undefined : this.random.pick(open);
  }

  /** Orders a station holds, in a stable order (ids are random; ticket numbers and opening clocks are not). */
  private held(station: SimStation, keep: (order: OrderView) => boolean): OrderView[] {
    const process = station.running;
    if (!process) return [];
    return process.store
      .listOrderIds()
      .map((id) => process.store.getOrder(id))
      .filter((order): order is OrderView => order !== undefined && keep(order))
      .sort((x, y) => (x.openedAt < y.openedAt ? -1 : x.openedAt > y.openedAt ? 1 : x.openedBy < y.openedBy ? -1 : 1));
  }

  private sale(): void {
    const station = this.counter();
    const process = station?.running;
    if (!station || !process) return;
    let orderId: string | undefined;
    const lines = this.random.int(1, 3);
    for (let i = 0; i < lines; i++) {
      const item = this.random.pick(this.catalog);
      const added = process.orders.addLine(
        orderId === undefined ? { orderType: 'takeout' } : { orderType: 'takeout', orderId },
        item.id,
        this.random.int(1, 2),
      );
      if (!added.ok) return this.world.trace(`${station.id} sale refused: ${added.error.message}`);
      orderId = added.value.id;
    }
    this.world.trace(`${station.id} rang up ${lines} lines`);
    if (orderId !== undefined && this.random.chance(0.75)) this.payCash(station, orderId);
  }

  private payCash(station: SimStation, orderId: string): void {
    const process = station.running;
    const order = process?.store.getOrder(orderId);
    if (!process || !order) return;
    const tendered = order.dueMinor + this.random.pick([0, 0, 50, 100, 1000]);
    const paid = process.orders.payCash(orderId, tendered);
    if (!paid.ok) return this.world.trace(`${station.id} cash refused: ${paid.error.message}`);
    this.drawers.set(station.id, (this.drawers.get(station.id) ?? 0) + tendered - paid.value.changeMinor);
    this.world.trace(`${station.id} paid #${paid.value.order.ticketNumber} cash ${tendered - paid.value.changeMinor}`);
  }

  private payOpen(): void {
    const station = this.counter();
    if (!station) return;
    const open = this.held(station, (o) => o.status === 'open' && o.channel === 'counter' && o.dueMinor > 0);
    if (open.length > 0) this.payCash(station, this.random.pick(open).id);
  }

  /** A cook at whichever station's screen moves one to three tickets on a step. */
  private kitchen(): void {
    for (let taps = this.random.int(1, 3); taps > 0; taps--) this.kitchenTap();
  }

  private kitchenTap(): void {
    const station = this.anyRunning();
    const process = station?.running;
    if (!station || !process) return;
    const working = this.held(station, (o) => o.tickets.some((t) => t.status !== 'bumped' && t.status !== 'cancelled'));
    if (working.length === 0) return;
    const order = this.random.pick(working);
    const ticket = this.random.pick(order.tickets.filter((t) => t.status !== 'bumped' && t.status !== 'cancelled'));
    const step =
      ticket.status === 'queued' || ticket.status === 'recalled'
        ? process.orders.kitchen.start(order.id, ticket.ticketId)
        : ticket.status === 'in_progress'
          ? process.orders.kitchen.ready(order.id, ticket.ticketId)
          : process.orders.kitchen.bump(order.id, ticket.ticketId);
    this.world.trace(`${station.id} kitchen ${ticket.status} -> ${step.ok ? 'done' : step.error.code}`);
  }

  private cancel(): void {
    const station = this.counter();
    const process = station?.running;
    if (!station || !process) return;
    const candidates = this.held(station, (o) => o.channel === 'counter' && (o.status === 'open' || o.status === 'paid'));
    if (candidates.length === 0) return;
    const order = this.random.pick(candidates);
    const cancelled = process.orders.lifecycle.cancel(order.id, 'customer left');
    this.world.trace(`${station.id} cancel #${order.ticketNumber} -> ${cancelled.ok ? cancelled.value.status : cancelled.error.code}`);
    if (cancelled.ok && cancelled.value.status === 'refund_pending') this.refundAll(station, order.id);
  }

  private refund(): void {
    const station = this.counter();
    if (!station) return;
    const candidates = this.held(station, (o) => o.refundDueMinor > 0 || (o.status === 'completed' && o.paidMinor > o.refundedMinor));
    if (candidates.length > 0) this.refundAll(station, this.random.pick(candidates).id, this.random.chance(0.5));
  }

  private refundAll(station: SimStation, orderId: string, partly = false): void {
    const process = station.running;
    const order = process?.store.getOrder(orderId);
    if (!process || !order) return;
    const cash = order.payments
      .filter((p) => p.method === 'cash')
      .reduce((sum, p) => sum + p.amountMinor + p.tipMinor - p.refundedMinor, 0);
    const amount = partly ? Math.max(1, Math.floor(cash / 2)) : cash;
    if (amount <= 0) return;
    const refunded = process.orders.lifecycle.refundCash(orderId, amount, 'simulated refund');
    if (refunded.ok) this.drawers.set(station.id, (this.drawers.get(station.id) ?? 0) - amount);
    this.world.trace(`${station.id} refund ${amount} -> ${refunded.ok ? refunded.value.status : refunded.error.code}`);
  }

  private complete(): void {
    const station = this.counter();
    const process = station?.running;
    if (!station || !process) return;
    const paid = this.held(station, (o) => o.status === 'paid');
    if (paid.length === 0) return;
    const order = this.random.pick(paid);
    const done = process.orders.lifecycle.complete(order.id);
    this.world.trace(`${station.id} complete #${order.ticketNumber} -> ${done.ok ? 'done' : done.error.code}`);
  }

  private channelOrder(): void {
    const origin = this.random.chance(0.6) ? ('web' as const) : ('mobile' as const);
    const lines = Array.from({ length: this.random.int(1, 3) }, () => {
      const item = this.random.pick(this.catalog);
      // By reference: the server prices it from the menu published from the same catalog.
      return { itemId: item.id, quantity: this.random.int(1, 2), modifiers: [] };
    });
    const record: ChannelOrderRecord = { origin, key: `${origin}-order-${(this.channelKeys += 1)}`, orderId: undefined };
    this.channelOrders.push(record);
    this.sendChannel(record, 'create', () => this.server.createChannelOrder(origin, origin, record.key, { orderType: 'takeout', lines }));
  }

  private channelCancel(): void {
    const placed = this.channelOrders.filter((r) => r.orderId !== undefined);
    if (placed.length === 0) return;
    const record = this.random.pick(placed);
    const key = `${record.key}-cancel`;
    this.sendChannel(record, 'cancel', () => this.server.cancelChannelOrder(record.origin, record.origin, key, record.orderId!));
  }

  /**
   * A customer's app calling the server over the internet: the answer can be lost after the server
   * acted, and the app sends the same request (same idempotency key) again until it hears back.
   */
  private sendChannel(
    record: ChannelOrderRecord,
    what: string,
    call: () => Promise<{ status: number; body: unknown; replayed: boolean }>,
    attempt = 1,
  ): void {
    this.world.after(this.random.int(15, 150), `${record.origin} ${what} at server`, async () => {
      const reply = await call();
      const lost = this.random.chance(0.1);
      this.world.trace(`${record.key} ${what} ${reply.status}${reply.replayed ? ' replayed' : ''}${lost ? ' answer lost' : ''}`);
      if (lost && attempt < 5) {
        this.world.after(CHANNEL_RETRY_MS, `${record.key} retry`, () => this.sendChannel(record, what, call, attempt + 1));
        return;
      }
      if (what === 'create' && reply.status === 201) record.orderId = ChannelOrderResponse.parse(reply.body).order.id;
    });
  }
}
