import type { CurrentNewEvent } from '../../../shared/events.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import { ticketsToFire } from './firing.js';
import { fail, type ServiceResult } from './result.js';
import { moneyHeldMinor, orderStep, requireOrder, statusText } from './rules.js';
import type { OrderWriter } from './writer.js';

/** Placing, firing, cancelling, completing and cash refunds: the order's way through its machine. */
export class LifecycleService {
  constructor(private readonly writer: OrderWriter) {}

  /**
   * Sends a draft: OrderPlaced, then one ticket per kitchen station, in one transaction. The order
   * must be placed first: the order machine accepts TicketFired only once it is placed (or paid).
   */
  place(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      if (view.status !== 'open') {
        const hint = view.status === 'placed' || view.status === 'paid' ? '; fire it to send another round' : '';
        return fail('invalid_state', `Order #${view.ticketNumber} is already ${statusText(view.status)}${hint}`);
      }
      if (view.lines.length === 0) return fail('invalid_state', 'Add at least one item before placing the order');
      const step = orderStep(view, 'OrderPlaced', 'place the order');
      if (!step.ok) return step;
      return { ok: true, events: [{ type: 'OrderPlaced', v: 1, payload: {} }, ...ticketsToFire(view.lines, () => this.writer.newId())] };
    });
  }

  /** Sends every kitchen line not yet on a ticket; a draft is placed on the way. */
  fire(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      const tickets = ticketsToFire(view.lines, () => this.writer.newId());
      if (tickets.length === 0) return fail('invalid_state', `Order #${view.ticketNumber} has nothing new for the kitchen`);
      const events: CurrentNewEvent[] = [];
      if (view.status === 'open') {
        const placed = orderStep(view, 'OrderPlaced', 'fire the order');
        if (!placed.ok) return placed;
        events.push({ type: 'OrderPlaced', v: 1, payload: {} });
      } else {
        const step = orderStep(view, 'TicketFired', 'fire the order');
        if (!step.ok) return step;
      }
      return { ok: true, events: [...events, ...tickets] };
    });
  }

  /**
   * Requests cancellation. The order machine decides where it lands: `cancel_requested` while a
   * ticket is being prepared (cooks acknowledge first), `refund_pending` when money was taken,
   * otherwise `cancelled`. Queued tickets are cancelled by the fold with it.
   */
  cancel(orderId: string, reason: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      const step = orderStep(view, 'OrderCancelRequested', `cancel order #${view.ticketNumber}`);
      if (!step.ok) {
        const hint = view.status === 'completed' ? '; give money back with a refund instead' : '';
        return fail('invalid_state', `${step.error.message}${hint}`);
      }
      return { ok: true, events: [{ type: 'OrderCancelRequested', v: 1, payload: { reason } }] };
    });
  }

  /** The store accepts a requested cancellation without waiting for every cook to acknowledge. */
  confirmCancel(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      if (view.status !== 'cancel_requested') {
        return fail('invalid_state', `Order #${view.ticketNumber} has no cancellation waiting (it is ${statusText(view.status)})`);
      }
      const step = orderStep(view, 'OrderCancelConfirmed', 'confirm the cancellation');
      return step.ok ? { ok: true, events: [{ type: 'OrderCancelConfirmed', v: 1, payload: {} }] } : step;
    });
  }

  /** Hands the order over: paid, or nothing to pay. */
  complete(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      if ((view.status === 'open' || view.status === 'placed') && view.dueMinor > 0) {
        return fail('invalid_state', `Order #${view.ticketNumber} still has ${formatMoney(view.dueMinor, view.currency)} to pay`);
      }
      const step = orderStep(view, 'OrderCompleted', `complete order #${view.ticketNumber}`);
      return step.ok ? { ok: true, events: [{ type: 'OrderCompleted', v: 1, payload: {} }] } : step;
    });
  }

  /**
   * Gives cash back from the order's cash payments, newest first, one PaymentRefunded per payment
   * touched (a refund names one payment and may not exceed what it took).
   */
  refundCash(orderId: string, amountMinor: number, reason: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
      if (!order.ok) return order;
      const view = order.view;
      const cash = view.payments
        .filter((p) => p.method === 'cash' && p.status === 'captured')
        .map((p) => ({ paymentId: p.paymentId, left: p.amountMinor + p.tipMinor - p.refundedMinor }))
        .filter((p) => p.left > 0)
        .reverse();
      const refundable = cash.reduce((sum, p) => sum + p.left, 0);
      if (refundable === 0) return fail('invalid_state', `Order #${view.ticketNumber} has no cash to refund`);
      if (amountMinor > refundable) {
        return fail(
          'invalid_state',
          `Only ${formatMoney(refundable, view.currency)} was taken in cash on order #${view.ticketNumber}; cannot refund ${formatMoney(amountMinor, view.currency)}`,
        );
      }
      const step = orderStep(view, 'PaymentRefunded', `refund order #${view.ticketNumber}`, { moneyHeld: moneyHeldMinor(view) - amountMinor > 0 });
      if (!step.ok) return step;
      const events: CurrentNewEvent[] = [];
      let rest = amountMinor;
      for (const p of cash) {
        if (rest === 0) break;
        const take = Math.min(rest, p.left);
        events.push({ type: 'PaymentRefunded', v: 1, payload: { refundId: this.writer.newId(), paymentId: p.paymentId, amountMinor: take, reason } });
        rest -= take;
      }
      return { ok: true, events };
    });
  }
}
