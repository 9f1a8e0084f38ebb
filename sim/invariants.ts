import { canonicalHash } from '../shared/canonical.js';
import type { DomainEvent } from '../shared/events.js';
import { foldOrder } from '../shared/order-fold.js';
import type { OrderView } from '../shared/order-view.js';
import type { StationHardware } from './sim-devices.js';

/** One replica's state after healing, as read back from its store. */
export interface ReplicaState {
  name: string;
  events: readonly DomainEvent[];
  /** The order as this replica shows it (a station's stored projection; the server's fold). */
  view(orderId: string): OrderView | undefined;
  /** (origin, seq) pairs a peer offered with a different event than the one held (mesh refusals). */
  refused: number;
}

export interface CheckInput {
  replicas: readonly ReplicaState[];
  /** Every event some writer was told was committed (a station's local commits, the server's channel appends). */
  committed: readonly DomainEvent[];
  hardware: ReadonlyMap<string, StationHardware>;
  /** Kitchen stations each station prints. */
  owns: ReadonlyMap<string, readonly string[]>;
  drawers: ReadonlyMap<string, number>;
}

/**
 * The properties every seed must end with, once the network healed and every station ran again.
 * Returns the violations (empty when all hold), each naming the invariant first.
 */
export function checkInvariants(input: CheckInput): string[] {
  const problems: string[] = [];
  const say = (invariant: string, detail: string) => {
    if (problems.length < 20) problems.push(`${invariant}: ${detail}`);
  };
  const { replicas, committed } = input;

  // No committed event is lost, and each replica holds it as committed.
  for (const replica of replicas) {
    const held = new Map(replica.events.map((e) => [e.id, e]));
    for (const event of committed) {
      const mine = held.get(event.id);
      if (!mine) say('lost event', `${replica.name} lacks ${event.origin}#${event.seq} (${event.type})`);
      else if (canonicalHash(mine) !== canonicalHash(event))
        say('altered event', `${replica.name} holds ${event.origin}#${event.seq} changed`);
    }
  }

  // Per-origin seqs are gapless (1..n, each once) on every replica, and every replica holds the same events.
  const reference = replicas[0];
  for (const replica of replicas) {
    const byOrigin = new Map<string, number[]>();
    for (const e of replica.events) byOrigin.set(e.origin, [...(byOrigin.get(e.origin) ?? []), e.seq]);
    for (const [origin, seqs] of byOrigin) {
      seqs.sort((x, y) => x - y);
      const wrong = seqs.findIndex((seq, i) => seq !== i + 1);
      if (wrong >= 0) say('seq gap', `${replica.name} ${origin}: expected seq ${wrong + 1}, found ${seqs[wrong]}`);
    }
    if (reference && replica !== reference && replica.events.length !== reference.events.length)
      say('replicas differ', `${replica.name} holds ${replica.events.length} events, ${reference.name} ${reference.events.length}`);
    if (replica.refused > 0) say('seq claimed twice', `${replica.name} refused ${replica.refused} peer events conflicting with held ones`);
  }

  // Every replica's view of every order is the same (canonical hash), and is the fold of the events.
  const orderIds = [...new Set(committed.map((e) => e.orderId))].sort();
  for (const orderId of orderIds) {
    const folded = reference ? foldOrder(reference.events.filter((e) => e.orderId === orderId)) : undefined;
    const expected = folded && canonicalHash(folded);
    for (const replica of replicas) {
      const view = replica.view(orderId);
      if (!view) say('view differs', `${replica.name} has no view of order ${orderId}`);
      else if (canonicalHash(view) !== expected)
        say('view differs', `${replica.name}'s order ${orderId} (${view.status}) is not the agreed fold`);
    }
    if (folded) {
      checkMoney(folded, say);
      checkFired(folded, say);
    }
  }

  checkPaper(input, reference?.events ?? [], say);
  checkDrawers(input, reference?.events ?? [], say);
  return problems;
}

function checkMoney(order: OrderView, say: (invariant: string, detail: string) => void): void {
  const captured = order.payments.filter((p) => p.status !== 'failed' && p.status !== 'voided');
  for (const p of captured)
    if (p.refundedMinor > p.amountMinor + p.tipMinor)
      say('money', `order ${order.id} payment ${p.paymentId} refunded ${p.refundedMinor} of ${p.amountMinor + p.tipMinor}`);
  const refunded = order.payments.reduce((sum, p) => sum + p.refundedMinor, 0);
  if (refunded !== order.refundedMinor) say('money', `order ${order.id} refunds ${order.refundedMinor} but its payments say ${refunded}`);
  if ((order.status === 'paid' || order.status === 'completed') && order.dueMinor !== 0)
    say('money', `order ${order.id} is ${order.status} with ${order.dueMinor} still due`);
  if (order.paidMinor > order.totalMinor + order.tipMinor)
    say('money', `order ${order.id} paid ${order.paidMinor} above its total ${order.totalMinor}`);
  if (order.dueMinor < 0 || order.refundDueMinor < 0) say('money', `order ${order.id} has a negative amount due`);
}

/**
 * A web or mobile order that was placed (and not cancelled) reached the kitchen: every kitchen line
 * is on a ticket once the store healed, whichever station fired it, however often.
 */
function checkFired(order: OrderView, say: (invariant: string, detail: string) => void): void {
  if (order.channel === 'counter' || !(order.status === 'placed' || order.status === 'paid' || order.status === 'completed')) return;
  const unfired = order.lines.filter((line) => line.kitchenStation !== undefined && line.ticketId === undefined);
  if (unfired.length > 0)
    say('channel order not fired', `${order.channel} order ${order.id} (${order.status}) has ${unfired.length} kitchen lines on no ticket`);
  const ticketIds = order.tickets.map((t) => t.ticketId);
  if (new Set(ticketIds).size !== ticketIds.length)
    say('channel order fired twice', `${order.channel} order ${order.id} has a ticket twice`);
}

/**
 * No ticket prints twice at a station (except a marked REPRINT), only where its printer is, and no
 * receipt twice; every refund a station made printed its REFUND slip there, once.
 */
function checkPaper(input: CheckInput, events: readonly DomainEvent[], say: (invariant: string, detail: string) => void): void {
  for (const [station, hardware] of input.hardware) {
    const owns = new Set(input.owns.get(station) ?? []);
    const seen = new Set<string>();
    for (const sheet of hardware.paper) {
      if (sheet.reprint) continue;
      const key =
        sheet.kind === 'receipt'
          ? `receipt ${sheet.orderId}`
          : sheet.kind === 'refund'
            ? `refund slip ${sheet.refundId ?? '?'}`
            : `ticket ${sheet.ticketId ?? '?'} ${sheet.kitchenStation ?? '?'}`;
      if (seen.has(key)) say('printed twice', `${station} printed ${key} twice without REPRINT`);
      seen.add(key);
      if (sheet.kind === 'kitchen' && !owns.has(sheet.kitchenStation ?? ''))
        say('printed elsewhere', `${station} printed a ${sheet.kitchenStation ?? '?'} ticket it has no printer for`);
    }
    for (const e of events)
      if (e.origin === station && e.type === 'PaymentRefunded' && !seen.has(`refund slip ${e.payload.refundId}`))
        say('refund slip missing', `${station} refunded ${e.payload.refundId} on order ${e.orderId} and printed no REFUND slip`);
  }
}

/**
 * Each drawer opened exactly once per cash payment taken at that station (never replayed by a
 * restart or a page from elsewhere), and the cash the drawers hold is what the log says.
 */
function checkDrawers(input: CheckInput, events: readonly DomainEvent[], say: (invariant: string, detail: string) => void): void {
  for (const [station, hardware] of input.hardware) {
    const captures = new Map<string, number>();
    let cash = 0;
    for (const e of events) {
      if (e.origin !== station) continue;
      if (e.type === 'PaymentCaptured' && e.payload.method === 'cash') {
        captures.set(e.orderId, (captures.get(e.orderId) ?? 0) + 1);
        cash += e.payload.amountMinor + ('tipMinor' in e.payload ? (e.payload.tipMinor ?? 0) : 0);
      }
      if (e.type === 'PaymentRefunded') cash -= e.payload.amountMinor;
    }
    const kicks = new Map<string, number>();
    for (const kick of hardware.kicks) kicks.set(kick.orderId ?? '-', (kicks.get(kick.orderId ?? '-') ?? 0) + 1);
    for (const [orderId, n] of kicks)
      if (n !== (captures.get(orderId) ?? 0))
        say(
          'drawer kick replayed',
          `${station} opened its drawer ${n} times for order ${orderId}, cash taken ${captures.get(orderId) ?? 0} times`,
        );
    for (const [orderId, n] of captures)
      if (!kicks.has(orderId))
        say('drawer kick missing', `${station} took cash ${n} times for order ${orderId} and never opened its drawer`);
    const drawer = input.drawers.get(station) ?? 0;
    if (drawer !== cash) say('money', `${station}'s drawer holds ${drawer} but its cash events say ${cash}`);
  }
}
