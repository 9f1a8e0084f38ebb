import { orderStatusWords } from '../../../shared/status-words.js';
import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { Result } from '../../../shared/result.js';
import { formatMoney } from '../../../shared/money.js';
import { cashTender, NO_CASH_ROUNDING, type CashRounding } from '../../../shared/money/cash-rounding.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { EventStore } from '../event-store.js';
import { ticketsToFire } from '../orders/firing.js';
import { currentActor } from './current-actor.js';
import { NO_SUCH_ORDER } from '../orders/result.js';

export type CashPartResult = Result<{ order: OrderView; changeMinor: number; settled: boolean }, IpcError>;

const fail = (code: IpcError['code'], message: string) => ({ ok: false as const, error: { code, message } });

/**
 * Pays ONE part of a split tender in cash (`order.payCash` always settles the whole order). The part's
 * open amount is captured with its `splitPartId`; the last part settles the order and sends its
 * lines to the kitchen in the same write, as a full cash payment does. Rounding applies only to what
 * the cash part collects.
 */
export function payCashPart(
  deps: { store: EventStore; actor: Actor | (() => Actor); cashRounding?: CashRounding },
  input: { orderId: string; splitPartId: string; tenderedMinor: number },
): CashPartResult {
  let changeMinor = 0;
  let settles = false;
  const result = deps.store.write(input.orderId, currentActor(deps.actor), (order) => {
    if (!order) return fail('not_found', NO_SUCH_ORDER);
    if (order.status !== 'open' && order.status !== 'placed')
      return fail('invalid_state', `Order #${order.ticketNumber} is already ${orderStatusWords(order.status)}`);
    const part = order.splitParts.find((p) => p.partId === input.splitPartId);
    if (!part) return fail('not_found', `That part of the split is no longer on order #${order.ticketNumber}: split it again`);
    const open = Math.min(part.amountMinor - part.paidMinor, order.dueMinor);
    if (open <= 0) return fail('invalid_state', 'This part is already paid');
    const tender = cashTender(open, input.tenderedMinor, deps.cashRounding ?? NO_CASH_ROUNDING);
    if (!tender.ok) {
      return fail(
        'insufficient_tender',
        `Cash tendered ${formatMoney(input.tenderedMinor, order.currency)} is less than the ${formatMoney(tender.collectMinor, order.currency)} due for this part`,
      );
    }
    changeMinor = tender.changeMinor;
    settles = open >= order.dueMinor;
    const payment: CurrentNewEvent = {
      type: 'PaymentCaptured',
      v: 2,
      payload: {
        paymentId: deps.store.newId(),
        method: 'cash',
        amountMinor: tender.amountMinor,
        tipMinor: 0,
        tenderedMinor: input.tenderedMinor,
        changeMinor,
        roundingMinor: tender.roundingMinor,
        splitPartId: input.splitPartId,
      },
    };
    const tickets = settles ? ticketsToFire(order) : [];
    return { ok: true, events: [payment, ...tickets] };
  });
  return result.ok ? { ok: true, value: { order: result.view, changeMinor, settled: settles } } : result;
}
