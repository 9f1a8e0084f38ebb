import type { OrderView } from '../order-view.js';
import { activeLines, currentPrice, moneyHeld, type FoldState } from './state.js';

const CANCELLING: ReadonlySet<string> = new Set(['cancel_requested', 'cancelled', 'refund_pending', 'refunded']);

/** Optional view fields are left out rather than set to undefined, so a view survives JSON unchanged. */
const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });

/**
 * The view of a fold state. It shares nothing the fold goes on to change (arrays the fold appends to
 * are copied), so a view stays as it was when a resumed fold moves the state on.
 */
export function toView(s: FoldState, meta: { eventCount: number; lastHlc: string; vv: Record<string, number> }): OrderView {
  const price = currentPrice(s);
  const priced = new Map(price.lines.map((l) => [l.lineId, l]));
  const applied = new Map(price.discounts.map((d) => [d.discountId, d.amountMinor]));
  const { opening } = s;
  const held = moneyHeld(s);
  return {
    id: opening.orderId,
    status: s.status,
    channel: opening.payload.channel,
    orderType: s.orderType,
    currency: opening.payload.currency,
    ticketNumber: opening.payload.ticketNumber,
    openedBy: opening.origin,
    openedAt: opening.hlc,
    ...opt('channelOrderKey', opening.payload.channelOrderKey),
    ...opt('tableNumber', s.tableNumber),
    ...opt('customerName', s.customerName),
    ...opt('note', s.note),
    lines: activeLines(s).map((line) => {
      const p = priced.get(line.lineId)!;
      return {
        lineId: line.lineId,
        itemId: line.itemId,
        name: line.name,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        totalMinor: p.grossMinor,
        ...opt('kitchenStation', line.kitchenStation),
        modifiers: line.modifiers,
        tax: line.tax,
        ...opt('note', line.note),
        ...opt('measure', line.measure),
        discountMinor: p.lineDiscountMinor + p.orderDiscountMinor,
        netMinor: p.netMinor,
        ...opt('ticketId', line.ticketId),
      };
    }),
    voidedLines: [...s.lines.values()].flatMap((line) =>
      line.voided
        ? [
            {
              lineId: line.lineId,
              itemId: line.itemId,
              name: line.name,
              quantity: line.quantity,
              totalMinor: line.quantity * Math.max(0, line.unitPriceMinor + line.modifiers.reduce((sum, m) => sum + m.priceDeltaMinor, 0)),
              reason: line.voided.reason,
              ...opt('ticketId', line.ticketId),
              voidedBy: { ...line.voided.by.actor },
              voidedAt: line.voided.by.hlc,
              ...opt('approvedBy', line.voided.by.payload.approvedBy),
            },
          ]
        : [],
    ),
    discounts: [...s.discounts.values()].map((d) => ({ ...d, appliedMinor: applied.get(d.discountId) ?? 0 })),
    subtotalMinor: price.subtotalMinor,
    discountMinor: price.discountMinor,
    taxes: price.taxes.map((t) => ({ ...t })),
    taxMinor: price.taxMinor,
    totalMinor: price.totalMinor,
    tipMinor: s.tipMinor,
    paidMinor: s.appliedMinor + s.tipMinor,
    dueMinor: CANCELLING.has(s.status) ? 0 : Math.max(0, price.totalMinor - s.appliedMinor),
    changeMinor: s.changeMinor,
    cashRoundingMinor: s.roundingMinor,
    overpaidMinor: s.overpaidMinor,
    refundedMinor: s.refundedMinor,
    refundDueMinor: CANCELLING.has(s.status) ? Math.max(0, held) : Math.max(0, s.overpaidMinor - s.refundedMinor),
    ...opt('outstandingMinor', s.lostMinor - s.resolvedLostMinor > 0 ? s.lostMinor - s.resolvedLostMinor : undefined),
    payments: [...s.payments.values()].map((p) => ({
      paymentId: p.paymentId,
      method: p.method,
      status: p.state,
      amountMinor: p.amountMinor,
      tipMinor: p.tipMinor,
      refundedMinor: p.refundedMinor,
      roundingMinor: p.roundingMinor,
      changeMinor: p.changeMinor,
      ...opt('tenderedMinor', p.tenderedMinor),
      ...opt('splitPartId', p.splitPartId),
      ...opt('card', p.card),
      ...opt(
        'offline',
        p.offline && {
          terminalRef: p.offline.terminalRef,
          ...opt('lostReason', p.offline.lostReason),
          ...opt('resolved', p.offline.resolved && { note: p.offline.resolved.note, ...opt('approvedBy', p.offline.resolved.approvedBy) }),
        },
      ),
    })),
    ...opt(
      'refunds',
      s.refunds.length === 0
        ? undefined
        : s.refunds.map((e) => ({
            refundId: e.payload.refundId,
            paymentId: e.payload.paymentId,
            amountMinor: e.payload.amountMinor,
            reason: e.payload.reason,
            refundedBy: { ...e.actor },
            refundedAt: e.hlc,
            ...opt('approvedBy', e.payload.approvedBy),
          })),
    ),
    ...opt(
      'cancellation',
      s.cancelRequest && {
        reason: s.cancelRequest.payload.reason,
        requestedBy: { ...s.cancelRequest.actor },
        requestedAt: s.cancelRequest.hlc,
        ...opt('approvedBy', s.cancelRequest.payload.approvedBy),
      },
    ),
    splitParts: s.splitParts.map((part) => ({
      partId: part.partId,
      amountMinor: part.amountMinor,
      paidMinor: [...s.payments.values()].reduce((sum, p) => (p.splitPartId === part.partId && p.captured ? sum + p.amountMinor : sum), 0),
    })),
    tickets: [...s.tickets.values()].map((t) => ({
      ticketId: t.ticketId,
      station: t.station,
      status: t.state,
      lineIds: t.lineIds,
      voidedLineIds: [...t.voidedLineIds],
      doneLineIds: t.lineIds.filter((id) => t.doneLineIds.has(id)),
      firedAt: t.firedAt,
      flashCancelled: t.state === 'cancel_pending',
    })),
    waste: [...s.waste],
    eventCount: meta.eventCount,
    lastHlc: meta.lastHlc,
    vv: meta.vv,
    conflicts: [...s.conflicts],
  };
}
