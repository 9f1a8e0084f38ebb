import type { EventOf } from '../events.js';
import { currentPrice, settleMoney, type FoldState } from './state.js';

/** What a capture would apply toward the total now, and the excess beyond it. */
export function captureSplit(s: FoldState, amountMinor: number): { applied: number; excess: number } {
  const due = Math.max(0, currentPrice(s).totalMinor - s.appliedMinor);
  const applied = Math.min(amountMinor, due);
  return { applied, excess: amountMinor - applied };
}

/**
 * Records captured money. Money that really moved is never dropped, whatever state the order is
 * in: beyond the total it is overpaid (owed back), on a cancelled order it is owed back in full.
 */
export function recordCapture(s: FoldState, e: EventOf<'PaymentCaptured'> | EventOf<'PaymentApprovedOffline'>): void {
  const p =
    e.type === 'PaymentCaptured'
      ? e.payload
      : // Approved offline counts for the sale like a capture; the payment's own state says no money moved yet.
        { ...e.payload, roundingMinor: 0, changeMinor: 0, tenderedMinor: undefined };
  const existing = s.payments.get(p.paymentId);
  const record = existing ?? {
    paymentId: p.paymentId,
    method: p.method,
    state: 'captured' as const,
    amountMinor: p.amountMinor,
    tipMinor: p.tipMinor,
    refundedMinor: 0,
    roundingMinor: 0,
    changeMinor: 0,
    tenderedMinor: undefined,
    splitPartId: undefined,
    captured: undefined,
    card: undefined,
  };
  record.state = e.type === 'PaymentCaptured' ? 'captured' : 'offline_approved';
  record.method = p.method;
  record.amountMinor = p.amountMinor;
  record.tipMinor = p.tipMinor;
  record.roundingMinor = p.roundingMinor;
  record.changeMinor = p.changeMinor;
  record.tenderedMinor = p.tenderedMinor;
  record.splitPartId = p.splitPartId;
  record.captured = e;
  if (e.type === 'PaymentApprovedOffline') {
    record.card = e.payload.card;
    record.offline = { terminalRef: e.payload.terminalRef, lostReason: undefined };
  }
  s.payments.set(p.paymentId, record);

  const { applied, excess } = captureSplit(s, p.amountMinor);
  s.anyCapture = true;
  s.appliedMinor += applied;
  s.overpaidMinor += excess;
  s.tipMinor += p.tipMinor;
  s.roundingMinor += p.roundingMinor;
  s.changeMinor += p.changeMinor;
  settleMoney(s);
}
