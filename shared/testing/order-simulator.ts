import type { CurrentEvent, CurrentNewEvent } from '../events.js';
import { encodeHlc, HLC_ZERO, receiveHlc, tickHlc, type Hlc } from '../hlc.js';
import { uuidv7 } from '../ids.js';
import { foldOrder, versionVectorOf } from '../order-fold.js';
import type { OrderView } from '../order-view.js';
import { ticketIdFor } from '../ticket-id.js';

/**
 * Several replicas (tills, a kitchen screen, a web channel) working on one order while they sync
 * only now and then: each acts on what it has seen, stamps HLCs from its own skewed clock and
 * version vectors from its own knowledge. Produces the realistic concurrent histories the
 * fast-check properties and the benchmarks fold. Pure and deterministic for a given script.
 */
export type SimStep =
  | { kind: 'act'; who: number; op: number; pick: number; amt: number }
  | { kind: 'sync'; from: number; to: number }
  | { kind: 'tick'; ms: number };

export interface SimScript {
  replicas: number;
  skewsMs: readonly number[];
  steps: readonly SimStep[];
  seed?: number;
}

export interface SimResult {
  events: CurrentEvent[];
  /** Each replica's knowledge at the end (for convergence checks after a final full sync). */
  known: CurrentEvent[][];
  /** Every view a replica acted on: intermediate states for invariant checks. */
  views: OrderView[];
}

const ORIGINS = ['station-a', 'station-b', 'kds', 'web'] as const;

interface Replica {
  origin: string;
  known: Map<string, CurrentEvent>;
  hlc: Hlc;
  seq: number;
  skewMs: number;
}

type Op = (r: Replica, v: OrderView, pick: number, amt: number) => CurrentNewEvent[] | undefined;

export function simulate(script: SimScript, options: { startMs?: number; foldEveryAct?: boolean } = {}): SimResult {
  let nowMs = options.startMs ?? 1_700_000_000_000;
  let idCounter = 0;
  const seed = script.seed ?? 0;
  const id = () => {
    const n = ++idCounter;
    return uuidv7(nowMs, (length) =>
      Uint8Array.from({ length }, (_, i) => (i < 10 ? (seed >>> ((i % 4) * 8)) & 0xff : Math.floor(n / 256 ** (15 - i)) & 0xff)),
    );
  };
  const replicas: Replica[] = Array.from({ length: Math.min(Math.max(script.replicas, 1), ORIGINS.length) }, (_, i) => ({
    origin: ORIGINS[i]!,
    known: new Map(),
    hlc: HLC_ZERO,
    seq: 0,
    skewMs: script.skewsMs[i] ?? 0,
  }));
  const all: CurrentEvent[] = [];
  const views: OrderView[] = [];
  const orderId = id();

  const emit = (r: Replica, draft: CurrentNewEvent): CurrentEvent => {
    r.hlc = tickHlc(r.hlc, nowMs + r.skewMs);
    r.seq += 1;
    const event = {
      ...draft,
      id: id(),
      orderId,
      origin: r.origin,
      seq: r.seq,
      hlc: encodeHlc(r.hlc),
      vv: versionVectorOf([...r.known.values()]),
      actor: { kind: 'device', id: r.origin },
    } as CurrentEvent;
    r.known.set(event.id, event);
    all.push(event);
    return event;
  };

  const opening = emit(replicas[0]!, {
    type: 'OrderOpened',
    v: 2,
    payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber: 1 },
  });
  // Everyone learns of the order at once (the opening is tiny and pushed first); what follows is not.
  for (const r of replicas) r.known.set(opening.id, opening);

  const ops = buildOps(id);
  for (const step of script.steps) {
    if (step.kind === 'tick') {
      nowMs += step.ms;
      continue;
    }
    if (step.kind === 'sync') {
      const from = replicas[step.from % replicas.length]!;
      const to = replicas[step.to % replicas.length]!;
      if (from === to) continue;
      for (const e of from.known.values()) {
        if (to.known.has(e.id)) continue;
        to.known.set(e.id, e);
        const merged = receiveHlc(to.hlc, decode(e.hlc), nowMs + to.skewMs, 3_600_000);
        if (merged.ok) to.hlc = merged.hlc;
      }
      continue;
    }
    nowMs += 1;
    const r = replicas[step.who % replicas.length]!;
    const view = foldOrder([...r.known.values()]);
    if (!view) continue;
    views.push(view);
    // Mostly what a person would do in this state; sometimes anything, as a stale screen would.
    const sensible = SENSIBLE[view.status];
    const op = step.op % 4 === 0 ? ops.all[step.op % ops.all.length]! : ops.byName[sensible[Math.floor(step.op / 4) % sensible.length]!];
    const drafts = op(r, view, step.pick, step.amt);
    for (const d of drafts ?? []) emit(r, d);
  }
  return { events: all, known: replicas.map((r) => [...r.known.values()]), views };
}

function decode(hlc: string): Hlc {
  return { wallMs: Number(hlc.slice(0, 15)), counter: Number(hlc.slice(16)) };
}

type OpName =
  | 'addLine'
  | 'changeLine'
  | 'voidLine'
  | 'discount'
  | 'removeDiscount'
  | 'place'
  | 'payCash'
  | 'payCard'
  | 'fire'
  | 'kitchen'
  | 'cancel'
  | 'confirm'
  | 'ack'
  | 'refund'
  | 'complete'
  | 'note'
  | 'guest'
  | 'split'
  | 'item';

const SENSIBLE: Readonly<Record<OrderView['status'], readonly OpName[]>> = {
  open: [
    'addLine',
    'addLine',
    'addLine',
    'changeLine',
    'voidLine',
    'discount',
    'removeDiscount',
    'place',
    'payCash',
    'payCard',
    'note',
    'guest',
    'split',
  ],
  placed: ['addLine', 'fire', 'fire', 'kitchen', 'kitchen', 'payCash', 'payCard', 'cancel', 'voidLine', 'discount', 'guest', 'item'],
  paid: ['fire', 'kitchen', 'kitchen', 'kitchen', 'complete', 'refund', 'cancel', 'addLine', 'guest', 'item', 'item'],
  completed: ['refund', 'note', 'guest'],
  cancel_requested: ['ack', 'ack', 'confirm', 'refund', 'kitchen', 'item'],
  cancelled: ['payCash', 'kitchen', 'note'],
  refund_pending: ['refund', 'refund', 'ack'],
  refunded: ['refund', 'note'],
};

const pickOf = <T>(list: readonly T[], pick: number): T | undefined => (list.length === 0 ? undefined : list[pick % list.length]);

function buildOps(id: () => string): { all: Op[]; byName: Record<OpName, Op> } {
  const addLine: Op = (_r, _v, pick, amt) => [
    {
      type: 'LineAdded',
      v: 2,
      payload: {
        lineId: id(),
        itemId: `item-${pick % 7}`,
        name: `Item ${pick % 7}`,
        quantity: 1 + (pick % 3),
        unitPriceMinor: amt,
        ...(pick % 2 === 0 ? { kitchenStation: pick % 4 === 0 ? 'grill' : 'bar' } : {}),
        modifiers: pick % 5 === 0 ? [{ groupId: 'extras', optionId: 'cheese', name: 'Cheese', priceDeltaMinor: 50 }] : [],
        tax: [
          { ratePpm: 0, included: true },
          { ratePpm: 100_000, included: true },
          { ratePpm: 200_000, included: true },
          { ratePpm: 88_750, included: false },
        ][pick % 4]!,
      },
    },
  ];
  const changeLine: Op = (_r, v, pick) => {
    const line = pickOf(v.lines, pick);
    return line ? [{ type: 'LineChanged', v: 1, payload: { lineId: line.lineId, quantity: 1 + (pick % 4) } }] : undefined;
  };
  const voidLine: Op = (_r, v, pick) => {
    const line = pickOf([...v.lines, ...v.voidedLines], pick);
    return line ? [{ type: 'LineVoided', v: 1, payload: { lineId: line.lineId, reason: 'changed mind' } }] : undefined;
  };
  const discount: Op = (_r, v, pick, amt) => {
    const line = pickOf(v.lines, pick);
    const target = pick % 2 === 0 || !line ? ({ kind: 'order' } as const) : ({ kind: 'line', lineId: line.lineId } as const);
    const amount =
      pick % 3 === 0 ? ({ kind: 'percent', bp: 500 + (amt % 9500) } as const) : ({ kind: 'fixed', amountMinor: 1 + (amt % 800) } as const);
    return [{ type: 'DiscountApplied', v: 1, payload: { discountId: id(), target, amount, reason: 'staff' } }];
  };
  const removeDiscount: Op = (_r, v, pick) => {
    const d = pickOf(v.discounts, pick);
    return d ? [{ type: 'DiscountRemoved', v: 1, payload: { discountId: d.discountId } }] : undefined;
  };
  const place: Op = () => [{ type: 'OrderPlaced', v: 1, payload: {} }];
  const payCash: Op = (_r, v, pick, amt) => {
    const amountMinor = v.dueMinor > 0 && pick % 3 !== 0 ? v.dueMinor : amt;
    const tenderedMinor = amountMinor + (pick % 2) * 100;
    return [
      {
        type: 'PaymentCaptured',
        v: 2,
        payload: {
          paymentId: id(),
          method: 'cash',
          amountMinor,
          tipMinor: 0,
          tenderedMinor,
          changeMinor: tenderedMinor - amountMinor,
          roundingMinor: 0,
        },
      },
    ];
  };
  const payCard: Op = (_r, v, pick, amt) => {
    const paymentId = id();
    const amountMinor = v.dueMinor > 0 ? v.dueMinor : amt;
    const tipMinor = pick % 3 === 0 ? 100 : 0;
    const auth: CurrentNewEvent = {
      type: 'PaymentAuthorized',
      v: 1,
      payload: { paymentId, method: 'card', amountMinor, tipMinor, idempotencyKey: `key-${paymentId}` },
    };
    if (pick % 5 === 0) return [auth, { type: 'PaymentFailed', v: 1, payload: { paymentId, reason: 'declined' } }];
    return [
      auth,
      { type: 'PaymentCaptured', v: 2, payload: { paymentId, method: 'card', amountMinor, tipMinor, changeMinor: 0, roundingMinor: 0 } },
    ];
  };
  const fire: Op = (_r, v, pick) => {
    const unfired = v.lines.filter((l) => l.ticketId === undefined && l.kitchenStation !== undefined);
    if (unfired.length === 0) return undefined;
    const station = unfired[pick % unfired.length]!.kitchenStation!;
    const lineIds = unfired.filter((l) => l.kitchenStation === station).map((l) => l.lineId);
    // Mostly the store-wide derived id (two replicas firing the same round write one ticket); now and
    // then a random one, as tickets fired before ids were derived carry.
    const ticketId = pick % 4 === 3 ? id() : ticketIdFor(v.id, station, lineIds);
    return [{ type: 'TicketFired', v: 1, payload: { ticketId, station, lineIds } }];
  };
  const kitchen: Op = (_r, v, pick) => {
    const ticket = pickOf(v.tickets, pick);
    if (!ticket) return undefined;
    const type = (['TicketStarted', 'TicketReady', 'TicketBumped', 'TicketRecalled'] as const)[Math.floor(pick / 7) % 4]!;
    return [{ type, v: 1, payload: { ticketId: ticket.ticketId } }];
  };
  const cancel: Op = () => [{ type: 'OrderCancelRequested', v: 1, payload: { reason: 'customer cancelled' } }];
  const confirm: Op = () => [{ type: 'OrderCancelConfirmed', v: 1, payload: {} }];
  const ack: Op = (_r, v, pick) => {
    const ticket =
      pickOf(
        v.tickets.filter((t) => t.flashCancelled),
        pick,
      ) ?? pickOf(v.tickets, pick);
    return ticket ? [{ type: 'TicketCancelAcknowledged', v: 1, payload: { ticketId: ticket.ticketId } }] : undefined;
  };
  const refund: Op = (_r, v, pick, amt) => {
    const p = pickOf(
      v.payments.filter((x) => x.status === 'captured' || x.status === 'refunded'),
      pick,
    );
    if (!p) return undefined;
    const left = p.amountMinor + p.tipMinor - p.refundedMinor;
    const amountMinor = left > 0 && pick % 4 !== 0 ? 1 + (amt % left) : 1 + (amt % 1000);
    return [{ type: 'PaymentRefunded', v: 1, payload: { refundId: id(), paymentId: p.paymentId, amountMinor, reason: 'refund' } }];
  };
  const complete: Op = () => [{ type: 'OrderCompleted', v: 1, payload: {} }];
  const note: Op = (_r, _v, pick) =>
    pick % 2 === 0
      ? [{ type: 'OrderNoteSet', v: 1, payload: { note: `note ${pick % 10}` } }]
      : [{ type: 'OrderTypeChanged', v: 1, payload: { orderType: (['dine_in', 'takeout', 'delivery'] as const)[pick % 3]! } }];
  /** Two tills seating or renaming the same order concurrently: each field set, cleared or left alone. */
  const guest: Op = (_r, _v, pick) => {
    const choice = <T>(value: T, n: number): { value: T | null | undefined } => ({
      value: n % 3 === 0 ? undefined : n % 3 === 1 ? value : null,
    });
    const table = choice(`T${pick % 12}`, pick);
    const name = choice(`Guest ${pick % 5}`, Math.floor(pick / 3));
    if (table.value === undefined && name.value === undefined) return undefined;
    return [
      {
        type: 'OrderGuestSet',
        v: 1,
        payload: {
          ...(table.value === undefined ? {} : { tableNumber: table.value }),
          ...(name.value === undefined ? {} : { customerName: name.value }),
        },
      },
    ];
  };
  const split: Op = (_r, v) =>
    v.dueMinor >= 2
      ? [
          {
            type: 'TenderSplit',
            v: 1,
            payload: {
              parts: [
                { partId: id(), amountMinor: Math.floor(v.dueMinor / 2) },
                { partId: id(), amountMinor: v.dueMinor - Math.floor(v.dueMinor / 2) },
              ],
            },
          },
        ]
      : undefined;
  /**
   * A cook ticks an item off or back, racing bumps, recalls and cancellations on other screens; now
   * and then naming a line of another ticket, which the fold must refuse.
   */
  const item: Op = (_r, v, pick) => {
    const ticket = pickOf(v.tickets, pick);
    if (!ticket) return undefined;
    const foreign = pick % 9 === 0 ? v.tickets.find((t) => t.ticketId !== ticket.ticketId)?.lineIds[0] : undefined;
    const lineId = foreign ?? pickOf(ticket.lineIds, Math.floor(pick / 3));
    if (lineId === undefined) return undefined;
    const type = Math.floor(pick / 5) % 3 === 0 ? 'TicketLineUndone' : 'TicketLineDone';
    return [{ type, v: 1, payload: { ticketId: ticket.ticketId, lineId } }];
  };
  const byName = {
    addLine,
    changeLine,
    voidLine,
    discount,
    removeDiscount,
    place,
    payCash,
    payCard,
    fire,
    kitchen,
    cancel,
    confirm,
    ack,
    refund,
    complete,
    note,
    guest,
    split,
    item,
  };
  return { all: Object.values(byName), byName };
}
