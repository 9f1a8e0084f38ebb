import type { CurrentEvent } from '../events.js';
import { encodeHlc } from '../hlc.js';

/**
 * Well-formed but arbitrary events for one order: any type, in any order, referring to a small
 * pool of lines, tickets and payments, with random clocks and version vectors. Nothing a sane till
 * would write in this order: the fold must still never throw and stay deterministic.
 */
export interface RandomEventSpec {
  type: number;
  origin: number;
  ms: number;
  ref: number;
  amount: number;
  sees: number;
}

const ORIGINS = ['station-a', 'station-b', 'kds', 'web'];
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (kind: number, n: number) => `018bcfe5-${hex(kind, 4)}-7000-8000-${hex(n, 12)}`;

export function randomEvents(specs: readonly RandomEventSpec[]): CurrentEvent[] {
  const orderId = uuid(0, 1);
  const seqs = new Map<string, number>();
  const out: CurrentEvent[] = [];
  const line = (r: number) => uuid(1, r % 4);
  const ticket = (r: number) => uuid(2, r % 3);
  const payment = (r: number) => uuid(3, r % 3);
  specs.forEach((spec, i) => {
    const origin = ORIGINS[spec.origin % ORIGINS.length]!;
    const seq = (seqs.get(origin) ?? 0) + 1;
    seqs.set(origin, seq);
    const vv: Record<string, number> = {};
    for (const [o, s] of seqs) if (spec.sees & (1 << ORIGINS.indexOf(o))) vv[o] = o === origin ? s - 1 : s;
    const amountMinor = 1 + (spec.amount % 3000);
    const r = spec.ref;
    const drafts: Omit<CurrentEvent, 'id' | 'orderId' | 'origin' | 'seq' | 'hlc' | 'vv' | 'actor'>[] = [
      {
        type: 'OrderOpened',
        v: 2,
        payload: {
          channel: 'counter',
          orderType: 'takeout',
          currency: 'EUR',
          ticketNumber: 1 + (r % 5),
          ...(r % 2 ? { channelOrderKey: `k${r % 3}` } : {}),
        },
      },
      {
        type: 'LineAdded',
        v: 2,
        payload: {
          lineId: line(r),
          itemId: 'x',
          name: 'X',
          quantity: 1 + (r % 3),
          unitPriceMinor: amountMinor,
          kitchenStation: 'grill',
          modifiers: [],
          tax: { ratePpm: (r % 3) * 100_000, included: r % 2 === 0 },
        },
      },
      { type: 'LineChanged', v: 1, payload: { lineId: line(r), quantity: 1 + (r % 5) } },
      { type: 'LineVoided', v: 1, payload: { lineId: line(r), reason: 'r' } },
      {
        type: 'DiscountApplied',
        v: 1,
        payload: {
          discountId: uuid(4, r % 2),
          target: r % 2 ? { kind: 'order' } : { kind: 'line', lineId: line(r) },
          amount: r % 3 ? { kind: 'percent', bp: 1 + (spec.amount % 10_000) } : { kind: 'fixed', amountMinor },
          reason: 'r',
        },
      },
      { type: 'DiscountRemoved', v: 1, payload: { discountId: uuid(4, r % 2) } },
      { type: 'OrderPlaced', v: 1, payload: {} },
      {
        type: 'TenderSplit',
        v: 1,
        payload: {
          parts: [
            { partId: uuid(5, 1), amountMinor },
            { partId: uuid(5, 2), amountMinor: 1 + (r % 900) },
          ],
        },
      },
      {
        type: 'PaymentAuthorized',
        v: 1,
        payload: { paymentId: payment(r), method: 'card', amountMinor, tipMinor: r % 50, idempotencyKey: `idem-${r}-key` },
      },
      {
        type: 'PaymentCaptured',
        v: 2,
        payload: {
          paymentId: payment(r),
          method: r % 2 ? 'card' : 'cash',
          amountMinor,
          tipMinor: r % 50,
          changeMinor: 0,
          roundingMinor: 0,
        },
      },
      { type: 'PaymentFailed', v: 1, payload: { paymentId: payment(r), reason: 'r' } },
      { type: 'PaymentVoided', v: 1, payload: { paymentId: payment(r), reason: 'r' } },
      { type: 'PaymentRefunded', v: 1, payload: { refundId: uuid(6, r % 4), paymentId: payment(r), amountMinor, reason: 'r' } },
      { type: 'OrderCancelRequested', v: 1, payload: { reason: 'r' } },
      { type: 'OrderCancelConfirmed', v: 1, payload: {} },
      { type: 'OrderCompleted', v: 1, payload: {} },
      { type: 'OrderNoteSet', v: 1, payload: { note: r % 2 ? '' : 'note' } },
      { type: 'OrderTypeChanged', v: 1, payload: { orderType: 'dine_in' } },
      {
        type: 'OrderGuestSet',
        v: 1,
        payload:
          r % 3 === 0
            ? { tableNumber: `T${r % 4}` }
            : r % 3 === 1
              ? { tableNumber: null, customerName: `Guest ${r % 4}` }
              : { customerName: null },
      },
      {
        type: 'TicketFired',
        v: 1,
        payload: { ticketId: ticket(r), station: 'grill', lineIds: [line(r), ...(r % 2 ? [line(r + 1)] : [])] },
      },
      { type: 'TicketStarted', v: 1, payload: { ticketId: ticket(r) } },
      { type: 'TicketReady', v: 1, payload: { ticketId: ticket(r) } },
      { type: 'TicketBumped', v: 1, payload: { ticketId: ticket(r) } },
      { type: 'TicketRecalled', v: 1, payload: { ticketId: ticket(r) } },
      { type: 'TicketCancelAcknowledged', v: 1, payload: { ticketId: ticket(r) } },
    ];
    // The first event opens the order so most histories fold to a view.
    const draft = i === 0 ? drafts[0]! : drafts[spec.type % drafts.length]!;
    out.push({
      ...draft,
      id: uuid(9, i + 1),
      orderId,
      origin,
      seq,
      hlc: encodeHlc({ wallMs: 1_700_000_000_000 + (spec.ms % 40), counter: spec.ms % 3 }),
      vv,
      actor: { kind: 'device', id: origin },
    } as CurrentEvent);
  });
  return out;
}
