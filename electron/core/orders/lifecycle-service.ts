import type { CurrentNewEvent } from '../../../shared/events.js';
import { formatMoney } from '../../../shared/money.js';
import type { OrderView } from '../../../shared/order-view.js';
import { ticketsToFire } from './firing.js';
import { fail, type ServiceResult } from './result.js';
import { moneyHeldMinor, orderStep, requireOrder, statusText } from './rules.js';
import type { OrderWriter } from './writer.js';
import { approvedByField, NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';

/** Placing, firing, cancelling, completing and cash refunds: the order's way through its machine. */
export class LifecycleService {
  constructor(
    private readonly writer: OrderWriter,
    /** Refunds and cancelling an order that took money need a manager where staff are configured. */
    private readonly approvals: ApprovalGate = NO_APPROVAL_NEEDED,
  ) {}

  /**
   * Sends a draft: OrderPlaced, then one ticket per kitchen station, in one transaction. The order
   * must be placed first: the order machine accepts TicketFired only once it is placed (or paid).
   */
  place(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      if (view.status !== 'open') {
        const hint = view.status === 'placed' || view.status === 'paid' ? '; fire it to send another round' : '';
        return fail('invalid_state', `Order #${view.ticketNumber} is already ${statusText(view.status)}${hint}`);
      }
      if (view.lines.length === 0) return fail('invalid_state', 'Add at least one item before placing the order');
      const step = orderStep(view, 'OrderPlaced', 'place the order');
      if (!step.ok) return step;
      return { ok: true, events: [{ type: 'OrderPlaced', v: 1, payload: {} }, ...ticketsToFire(view)] };
    });
  }

  /** Sends every kitchen line not yet on a ticket; a draft is placed on the way. */
  fire(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const tickets = ticketsToFire(view);
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
   * otherwise `cancelled`. Queued tickets are cancelled by the fold with it. An order holding money
   * needs a manager's approval where staff are configured.
   */
  cancel(orderId: string, reason: string, managerPin?: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const step = orderStep(view, 'OrderCancelRequested', `cancel order #${view.ticketNumber}`);
      if (!step.ok) {
        const hint = view.status === 'completed' ? '; give money back with a refund instead' : '';
        return fail('invalid_state', `${step.error.message}${hint}`);
      }
      let approvedBy: string | undefined;
      if (moneyHeldMinor(view) > 0) {
        const approval = this.approvals.approve(`cancel paid order #${view.ticketNumber}`, managerPin);
        if (!approval.ok) return approval;
        approvedBy = approval.approvedBy;
      }
      return { ok: true, events: [{ type: 'OrderCancelRequested', v: 1, payload: { reason, ...approvedByField(approvedBy) } }] };
    });
  }

  /** The store accepts a requested cancellation without waiting for every cook to acknowledge. */
  confirmCancel(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      if (view.status !== 'cancel_requested') {
        return fail('invalid_state', `Order #${view.ticketNumber} has no cancellation waiting (it is ${statusText(view.status)})`);
      }
      const step = orderStep(view, 'OrderCancelConfirmed', 'confirm the cancellation');
      return step.ok ? { ok: true, events: [{ type: 'OrderCancelConfirmed', v: 1, payload: {} }] } : step;
    });
  }

  /**
   * Hands the order over: paid, or nothing to pay. Kitchen lines not yet on a ticket go out first, in
   * the same transaction (a draft is placed on the way): a free order never reaches the payment that
   * would otherwise fire it, and nothing may be handed over that the kitchen never heard of.
   */
  complete(orderId: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      if ((view.status === 'open' || view.status === 'placed') && view.dueMinor > 0) {
        return fail('invalid_state', `Order #${view.ticketNumber} still has ${formatMoney(view.dueMinor, view.currency)} to pay`);
      }
      const completing = `complete order #${view.ticketNumber}`;
      // Checked first so a refused completion never reports a firing problem instead.
      const completes = orderStep(view, 'OrderCompleted', completing);
      if (!completes.ok) return completes;
      const tickets = ticketsToFire(view);
      const events: CurrentNewEvent[] = [];
      let before = view;
      if (tickets.length > 0 && view.status === 'open') {
        const placed = orderStep(view, 'OrderPlaced', completing);
        if (!placed.ok) return placed;
        events.push({ type: 'OrderPlaced', v: 1, payload: {} });
        before = { ...view, status: placed.next };
      }
      if (tickets.length > 0) {
        const fired = orderStep(before, 'TicketFired', completing);
        if (!fired.ok) return fired;
        const after = orderStep(before, 'OrderCompleted', completing);
        if (!after.ok) return after;
        events.push(...tickets);
      }
      events.push({ type: 'OrderCompleted', v: 1, payload: {} });
      return { ok: true, events };
    });
  }

  /**
   * Gives cash back from the order's cash payments, newest first, one PaymentRefunded per payment
   * touched (a refund names one payment and may not exceed what it took). Needs a manager's approval
   * where staff are configured; every event of the refund names the approving manager in `approvedBy`.
   */
  refundCash(orderId: string, amountMinor: number, reason: string, managerPin?: string): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
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
      const step = orderStep(view, 'PaymentRefunded', `refund order #${view.ticketNumber}`, {
        moneyHeld: moneyHeldMinor(view) - amountMinor > 0,
      });
      if (!step.ok) return step;
      const approval = this.approvals.approve(
        `refund ${formatMoney(amountMinor, view.currency)} on order #${view.ticketNumber}`,
        managerPin,
      );
      if (!approval.ok) return approval;
      const approver = approvedByField(approval.approvedBy);
      const events: CurrentNewEvent[] = [];
      let rest = amountMinor;
      for (const p of cash) {
        if (rest === 0) break;
        const take = Math.min(rest, p.left);
        events.push({
          type: 'PaymentRefunded',
          v: 1,
          payload: { refundId: this.writer.newId(), paymentId: p.paymentId, amountMinor: take, reason, ...approver },
        });
        rest -= take;
      }
      return { ok: true, events };
    });
  }
}
