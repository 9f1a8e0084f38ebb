import { decodeHlc } from '../../../shared/hlc.js';
import type { Channel } from '../../../shared/events.js';
import type { OrderStatus, OrderView, TicketView } from '../../../shared/order-view.js';
import { ticketCode as sharedTicketCode } from '../../../shared/ticket-label.js';

/**
 * The kitchen display's read of the order read model: one card per kitchen TICKET (the lines one
 * station prepares), not per order. Pure functions only, so grouping, sorting, timers and all-day
 * counts are unit-tested without a DOM.
 */

export type TicketStatus = TicketView['status'];

/**
 * How a cook reads a chosen option: `remove` leaves an ingredient off ("No onion", shown "− onion"),
 * `add` is a paid extra ("Cheddar" +€1, shown "+ Cheddar"), `choice` picks a variant ("Medium rare").
 */
export type ModifierKind = 'remove' | 'add' | 'choice';

export interface KdsModifier {
  /** The option's name as sold: "No onion". */
  name: string;
  kind: ModifierKind;
  /** What the cook acts on: the ingredient for a removal ("onion"), the name otherwise. */
  label: string;
}

export interface KdsLine {
  lineId: string;
  name: string;
  quantity: number;
  /** Chosen options, "No cheese", "Oat milk": removals, extras and choices each shown their own way. */
  modifiers: KdsModifier[];
  note?: string;
  /** Voided after the ticket was fired: struck through, not hidden, so the cook stops making it. */
  voided: boolean;
  /** Ticked off by a cook (or the ticket was bumped): greyed and struck, still readable. */
  done: boolean;
}

export interface KdsTicket {
  /** Unique across the screen: `${orderId}/${ticketId}`. */
  key: string;
  orderId: string;
  /** Null for lines of a paid order the station has not fired on a ticket yet: shown, but no actions. */
  ticketId: string | null;
  ticketNumber: number;
  station: string;
  status: TicketStatus;
  channel: Channel;
  orderType: OrderView['orderType'];
  orderStatus: OrderStatus;
  customerName?: string;
  /** Where a dine-in order is served. */
  tableNumber?: string;
  orderNote?: string;
  /** HLC of the firing (the order's opening for unfired lines). */
  firedAt: string;
  firedAtMs: number;
  /** Order's last change: the best "bumped at" the view offers. */
  changedAt: string;
  lines: KdsLine[];
  /** Flashes CANCELLED until a cook presses Acknowledge. */
  flashCancelled: boolean;
  /** Who asked to cancel and why ("Web: customer changed their mind"), for the CANCELLED banner. */
  cancelNote?: string;
}

function actorLabel(actor: { kind: string; id: string }): string {
  if (actor.kind === 'channel') return channelLabel[actor.id as Channel] ?? actor.id;
  if (actor.kind === 'device') return `Till ${actor.id}`;
  if (actor.kind === 'staff') return actor.id;
  return 'The system';
}

/**
 * Where a line not yet on a ticket will go, as the station's routing says (undefined: handed over at
 * the counter, never on a kitchen screen). Web orders arrive without stations; the core fires them by
 * routing within moments, and until then the screen shows them where they are about to land.
 */
export type UnfiredStation = (line: Pick<OrderView['lines'][number], 'itemId' | 'kitchenStation'>) => string | undefined;

/** Without the routing table: the station the line itself names. */
export const lineStation: UnfiredStation = (line) => line.kitchenStation;

/** The routing the core reports per catalog item (`kitchen.routing`), as an UnfiredStation. */
export function routedStation(items: readonly { id: string; station: string | null }[]): UnfiredStation {
  const byItem = new Map(items.map((i) => [i.id, i.station] as const));
  return (line) => line.kitchenStation ?? byItem.get(line.itemId) ?? undefined;
}

/** Statuses that keep a ticket on the screen. */
const ON_SCREEN: ReadonlySet<TicketStatus> = new Set(['queued', 'in_progress', 'ready', 'recalled', 'cancel_pending']);

/** Order statuses whose unfired lines the kitchen should already see (paid at the counter, placed online). */
const FIREABLE: ReadonlySet<OrderStatus> = new Set(['paid', 'placed']);

function hlcMs(hlc: string): number {
  try {
    return decodeHlc(hlc).wallMs;
  } catch {
    return 0;
  }
}

/** "No onion", "Without sauce", "Hold the mayo", "Minus pickles": the words a removal option starts with. */
const REMOVAL_PREFIX = /^(?:no|without|hold(?: the)?|minus|leave off)\s+/i;

/**
 * The catalog has no removal flag: an option is a removal when its name says so ("No onion") or when
 * it lowers the price (the catalog's own convention for "no cheese"); a positive price is a paid extra.
 */
export function modifierOf(m: { name: string; priceDeltaMinor: number }): KdsModifier {
  const prefix = REMOVAL_PREFIX.exec(m.name);
  if (prefix && prefix[0].length < m.name.length) return { name: m.name, kind: 'remove', label: m.name.slice(prefix[0].length).trim() };
  if (m.priceDeltaMinor < 0) return { name: m.name, kind: 'remove', label: m.name };
  return { name: m.name, kind: m.priceDeltaMinor > 0 ? 'add' : 'choice', label: m.name };
}

function modifierNames(line: OrderView['lines'][number]): KdsModifier[] {
  return line.modifiers.map(modifierOf);
}

/**
 * Words that make a note an allergy warning the cook must not miss: "allergy: sesame", "nut allergy",
 * "coeliac", "EpiPen", "no peanuts", "gluten free". Whole words only ("donut" is not a nut). Erring
 * towards a highlight is the safe side: a needless one costs a glance, a missed one a guest.
 */
const ALLERGY_WORDS =
  /\b(?:allerg\w*|anaphyla\w*|epi-?pen|coeliac|celiac|gluten|(?:pea)?nuts?|sesame|shellfish|crustaceans?|lactose|intoleran\w*)\b/i;

/** Is this note (a line's or the order's) an allergy warning? */
export function isAllergyNote(note: string | undefined): boolean {
  return note !== undefined && ALLERGY_WORDS.test(note);
}

/** Every ticket of one order, fired or not yet fired, in the order's ticket order. */
export function ticketsOfOrder(order: OrderView, unfiredStation: UnfiredStation = lineStation): KdsTicket[] {
  const lines = new Map(order.lines.map((l) => [l.lineId, l] as const));
  const voided = new Map(order.voidedLines.map((l) => [l.lineId, l] as const));
  const base = {
    orderId: order.id,
    ticketNumber: order.ticketNumber,
    channel: order.channel,
    orderType: order.orderType,
    orderStatus: order.status,
    changedAt: order.lastHlc,
    ...(order.customerName ? { customerName: order.customerName } : {}),
    ...(order.tableNumber ? { tableNumber: order.tableNumber } : {}),
    ...(order.note ? { orderNote: order.note } : {}),
    ...(order.cancellation ? { cancelNote: `${actorLabel(order.cancellation.requestedBy)}: ${order.cancellation.reason}` } : {}),
  };
  const result: KdsTicket[] = order.tickets.map((t) => {
    const kdsLines: KdsLine[] = [];
    // A bump counts every item done; views stored before per-item marks carry none for bumped tickets.
    const doneIds = new Set(t.status === 'bumped' ? t.lineIds : t.doneLineIds);
    for (const id of t.lineIds) {
      const live = lines.get(id);
      const gone = voided.get(id);
      const isVoided = t.voidedLineIds.includes(id) || (!live && gone !== undefined);
      if (live) {
        kdsLines.push({
          lineId: id,
          name: live.name,
          quantity: live.quantity,
          modifiers: modifierNames(live),
          ...(live.note ? { note: live.note } : {}),
          voided: isVoided,
          done: doneIds.has(id),
        });
      } else if (gone) {
        kdsLines.push({ lineId: id, name: gone.name, quantity: gone.quantity, modifiers: [], voided: true, done: doneIds.has(id) });
      }
    }
    return {
      ...base,
      key: `${order.id}/${t.ticketId}`,
      ticketId: t.ticketId,
      station: t.station,
      status: t.status,
      firedAt: t.firedAt,
      firedAtMs: hlcMs(t.firedAt),
      lines: kdsLines,
      flashCancelled: t.flashCancelled,
    };
  });
  if (FIREABLE.has(order.status)) {
    const unfired = new Map<string, KdsLine[]>();
    for (const line of order.lines) {
      if (line.ticketId !== undefined) continue;
      const station = unfiredStation(line);
      if (station === undefined) continue;
      const list = unfired.get(station) ?? [];
      list.push({
        lineId: line.lineId,
        name: line.name,
        quantity: line.quantity,
        modifiers: modifierNames(line),
        ...(line.note ? { note: line.note } : {}),
        voided: false,
        done: false,
      });
      unfired.set(station, list);
    }
    for (const [station, stationLines] of unfired) {
      result.push({
        ...base,
        key: `${order.id}/unfired:${station}`,
        ticketId: null,
        station,
        status: 'queued',
        firedAt: order.openedAt,
        firedAtMs: hlcMs(order.openedAt),
        lines: stationLines,
        flashCancelled: false,
      });
    }
  }
  return result;
}

/** Items can be ticked off on a fired ticket the kitchen is working on or about to (a tick starts a new one). */
export function canMarkLines(ticket: KdsTicket): boolean {
  return ticket.ticketId !== null && !needsAcknowledge(ticket) && LINE_MARKABLE.has(ticket.status);
}

const LINE_MARKABLE: ReadonlySet<TicketStatus> = new Set(['queued', 'in_progress', 'ready', 'recalled']);

/** Every item still to make is ticked off: the card offers the bump. */
export function allLinesDone(ticket: Pick<KdsTicket, 'lines'>): boolean {
  const live = ticket.lines.filter((l) => !l.voided);
  return live.length > 0 && live.every((l) => l.done);
}

/** The next item of a ticket not ticked off yet (the bump bar's "next item done"), if any. */
export function nextUndoneLine(ticket: Pick<KdsTicket, 'lines'>): KdsLine | undefined {
  return ticket.lines.find((l) => !l.voided && !l.done);
}

/** Is this ticket on the screen (not bumped, not done cancelling)? */
export function isOnScreen(ticket: KdsTicket): boolean {
  return ticket.flashCancelled || ON_SCREEN.has(ticket.status);
}

export function needsAcknowledge(ticket: KdsTicket): boolean {
  return ticket.flashCancelled || ticket.status === 'cancel_pending';
}

/** Cancellations first (they need a press), then oldest fired first; ties by ticket number. */
export function compareTickets(a: KdsTicket, b: KdsTicket): number {
  const ack = Number(needsAcknowledge(b)) - Number(needsAcknowledge(a));
  if (ack !== 0) return ack;
  if (a.firedAtMs !== b.firedAtMs) return a.firedAtMs - b.firedAtMs;
  if (a.firedAt !== b.firedAt) return a.firedAt < b.firedAt ? -1 : 1;
  if (a.ticketNumber !== b.ticketNumber) return a.ticketNumber - b.ticketNumber;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** All tickets of all orders, on screen or not. */
export function allTickets(orders: readonly OrderView[], unfiredStation: UnfiredStation = lineStation): KdsTicket[] {
  let cache = ticketCaches.get(unfiredStation);
  if (!cache) {
    cache = new WeakMap();
    ticketCaches.set(unfiredStation, cache);
  }
  const known = cache;
  return orders.flatMap((order) => {
    let tickets = known.get(order);
    if (!tickets) {
      tickets = ticketsOfOrder(order, unfiredStation);
      known.set(order, tickets);
    }
    return tickets;
  });
}

/**
 * Order views are immutable and the read model keeps an unchanged order's object, so its tickets can
 * be reused as the same objects: a push for one order then re-renders one card, not two hundred.
 * One cache per routing, so a routing change recomputes everything once.
 */
const ticketCaches = new WeakMap<UnfiredStation, WeakMap<OrderView, KdsTicket[]>>();

/** A screen shows one kitchen station, every station ("all", grouped by order) or the expo view. */
export type StationView = { kind: 'all' } | { kind: 'expo' } | { kind: 'station'; station: string };

export function stationViewKey(view: StationView): string {
  return view.kind === 'station' ? `station:${view.station}` : view.kind;
}

export function parseStationView(raw: string | null | undefined): StationView {
  if (raw === 'expo') return { kind: 'expo' };
  if (raw?.startsWith('station:') && raw.length > 'station:'.length) return { kind: 'station', station: raw.slice('station:'.length) };
  return { kind: 'all' };
}

/** Stations seen on any ticket, sorted by name: the selector's choices. */
export function stationsOf(tickets: readonly KdsTicket[], configured: readonly string[] = []): string[] {
  return [...new Set([...configured, ...tickets.map((t) => t.station)])].sort();
}

/** The tickets one station works on, sorted for the screen. */
export function stationTickets(tickets: readonly KdsTicket[], station: string): KdsTicket[] {
  return tickets.filter((t) => t.station === station && isOnScreen(t)).sort(compareTickets);
}

export interface KdsOrderGroup {
  orderId: string;
  ticketNumber: number;
  /** The order's tickets on screen, sorted by station name. */
  tickets: KdsTicket[];
  /** The oldest ticket decides the group's age and place. */
  firedAtMs: number;
  /** Expo: every station's part is ready (or bumped), the order can go out. */
  allReady: boolean;
  /** Expo: each station's part of the order, bumped ones included, in station order. */
  parts: StationPart[];
}

/** One station's share of an order as expo sees it: "Grill: Ready", "Bar: Cooking". */
export interface StationPart {
  station: string;
  /** The least advanced of the station's tickets: "Not fired", "New", "Cooking", "Ready", "Bumped", "CANCELLED". */
  state: string;
  /** Ready or already bumped: nothing left for expo to wait for. */
  ready: boolean;
}

/** How far along a ticket is, for "the station's part is only as ready as its slowest ticket". */
function progress(t: KdsTicket): number {
  if (t.ticketId === null) return 0;
  if (needsAcknowledge(t)) return -1;
  if (t.status === 'ready') return 3;
  if (t.status === 'bumped') return 4;
  return t.status === 'in_progress' ? 2 : 1;
}

function partState(t: KdsTicket): string {
  if (t.ticketId === null) return 'Not fired';
  return needsAcknowledge(t) ? statusLabel.cancel_pending : statusLabel[t.status];
}

/** Each station's part of one order's tickets; cancelled tickets are gone from the order. */
export function stationParts(orderTickets: readonly KdsTicket[]): StationPart[] {
  const slowest = new Map<string, KdsTicket>();
  for (const t of orderTickets) {
    if (!isOnScreen(t) && t.status !== 'bumped') continue;
    const known = slowest.get(t.station);
    if (!known || progress(t) < progress(known)) slowest.set(t.station, t);
  }
  return [...slowest.values()]
    .sort((a, b) => (a.station < b.station ? -1 : a.station > b.station ? 1 : 0))
    .map((t) => ({ station: t.station, state: partState(t), ready: progress(t) >= 3 }));
}

/**
 * Why expo cannot bump the order yet ("Waiting for Bar (Cooking), Grill (New)"), or undefined when
 * every station's part is ready and nothing waits for an acknowledge.
 */
export function expoBumpBlocker(group: Pick<KdsOrderGroup, 'parts' | 'tickets'>): string | undefined {
  if (group.tickets.some(needsAcknowledge)) return 'Acknowledge the cancelled part first';
  const waiting = group.parts.filter((p) => !p.ready);
  if (waiting.length > 0) return `Waiting for ${waiting.map((p) => `${stationLabel(p.station)} (${p.state})`).join(', ')}`;
  if (!group.tickets.some((t) => t.ticketId !== null)) return 'Nothing on a ticket yet';
  return undefined;
}

/**
 * "All" and expo views: one card per order holding every station's part, so a runner sees the whole
 * order together. Expo also lists orders whose tickets are partly bumped, to show what is missing.
 */
export function groupByOrder(tickets: readonly KdsTicket[]): KdsOrderGroup[] {
  const byOrder = new Map<string, KdsTicket[]>();
  const everyTicket = new Map<string, KdsTicket[]>();
  for (const t of tickets) {
    const all = everyTicket.get(t.orderId) ?? [];
    all.push(t);
    everyTicket.set(t.orderId, all);
    if (!isOnScreen(t)) continue;
    const list = byOrder.get(t.orderId) ?? [];
    list.push(t);
    byOrder.set(t.orderId, list);
  }
  const groups = [...byOrder.values()].map((list): KdsOrderGroup => {
    const sorted = [...list].sort((a, b) => (a.station < b.station ? -1 : a.station > b.station ? 1 : compareTickets(a, b)));
    const first = [...list].sort(compareTickets)[0]!;
    const parts = stationParts(everyTicket.get(first.orderId) ?? list);
    return {
      orderId: first.orderId,
      ticketNumber: first.ticketNumber,
      tickets: sorted,
      firedAtMs: Math.min(...list.map((t) => t.firedAtMs)),
      allReady: parts.every((p) => p.ready) && !list.some(needsAcknowledge),
      parts,
    };
  });
  return groups.sort((a, b) => {
    const ack = Number(b.tickets.some(needsAcknowledge)) - Number(a.tickets.some(needsAcknowledge));
    if (ack !== 0) return ack;
    return a.firedAtMs - b.firedAtMs || a.ticketNumber - b.ticketNumber;
  });
}

export interface TimerThresholds {
  /** Minutes after which a ticket turns amber. */
  warnMinutes: number;
  /** Minutes after which a ticket turns red. */
  lateMinutes: number;
}

export const DEFAULT_THRESHOLDS: TimerThresholds = { warnMinutes: 5, lateMinutes: 8 };

export type TimerColour = 'ok' | 'warn' | 'late';

export function timerColour(ageMs: number, thresholds: TimerThresholds = DEFAULT_THRESHOLDS): TimerColour {
  const minutes = ageMs / 60_000;
  if (minutes >= thresholds.lateMinutes) return 'late';
  if (minutes >= thresholds.warnMinutes) return 'warn';
  return 'ok';
}

export function ticketAge(ticket: Pick<KdsTicket, 'firedAtMs'>, nowMs: number): number {
  return ticket.firedAtMs > 0 ? Math.max(0, nowMs - ticket.firedAtMs) : 0;
}

/** "0:45", "7:05", "1:02:10": a running clock, readable at a distance. */
export function formatTimer(ageMs: number): string {
  const total = Math.floor(ageMs / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export interface AllDayCount {
  name: string;
  quantity: number;
}

/**
 * "All day": how many of each item the open tickets still need, so a cook drops six fries at once.
 * Voided or ticked-off items and tickets that are ready, bumped or cancelled are not counted.
 */
export function allDayCounts(tickets: readonly KdsTicket[]): AllDayCount[] {
  const counts = new Map<string, number>();
  for (const t of tickets) {
    if (!isOnScreen(t) || needsAcknowledge(t) || t.status === 'ready') continue;
    for (const line of t.lines) {
      if (line.voided || line.done) continue;
      counts.set(line.name, (counts.get(line.name) ?? 0) + line.quantity);
    }
  }
  return [...counts]
    .map(([name, quantity]) => ({ name, quantity }))
    .sort((a, b) => b.quantity - a.quantity || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The last bumped tickets, most recent first (the order's last change stands in for the bump time). */
export function recentlyBumped(tickets: readonly KdsTicket[], limit = 10): KdsTicket[] {
  return tickets
    .filter((t) => t.status === 'bumped' && t.ticketId !== null)
    .sort((a, b) => (a.changedAt < b.changedAt ? 1 : a.changedAt > b.changedAt ? -1 : b.ticketNumber - a.ticketNumber))
    .slice(0, limit);
}

/** Keys that appeared since the last look: the screen beeps once per batch of new tickets. */
export function newTicketKeys(previous: ReadonlySet<string>, current: readonly KdsTicket[]): string[] {
  return current.filter((t) => !previous.has(t.key) && !needsAcknowledge(t)).map((t) => t.key);
}

/** What the card shows: "#12" at the counter, "#W-12" for web order 12 (numbered by the server). */
export function ticketCode(ticket: Pick<KdsTicket, 'channel' | 'ticketNumber'>): string {
  return sharedTicketCode(ticket.channel, ticket.ticketNumber);
}

/** The card's accessible name: "Ticket 12" at the counter, "Ticket 12 (Web)" for other channels. */
export function cardName(ticket: Pick<KdsTicket, 'channel' | 'ticketNumber'>): string {
  return ticket.channel === 'counter' ? `Ticket ${ticket.ticketNumber}` : `Ticket ${ticket.ticketNumber} (${channelLabel[ticket.channel]})`;
}

export const channelLabel: Record<Channel, string> = { counter: 'Counter', kiosk: 'Kiosk', web: 'Web', mobile: 'Mobile' };

export const statusLabel: Record<TicketStatus, string> = {
  unfired: 'Not fired',
  queued: 'New',
  in_progress: 'Cooking',
  ready: 'Ready',
  bumped: 'Bumped',
  recalled: 'Recalled',
  cancel_pending: 'CANCELLED',
  cancelled: 'Cancelled',
};

export function stationLabel(station: string): string {
  return station.charAt(0).toUpperCase() + station.slice(1);
}
