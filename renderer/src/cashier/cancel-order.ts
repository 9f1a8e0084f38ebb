import type { StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import type { OrderView } from '../../../shared/order-view.js';
import { paymentInFlight } from './line-view.js';

/** Why cashiers cancel a whole order; "Other" asks for words. Kept on the event for the audit log. */
export const CANCEL_REASONS = [
  'Customer left',
  'Customer changed mind',
  'Rung up by mistake',
  'Kitchen cannot make it',
  'Duplicate order',
] as const;

/** Where the order machine takes `OrderCancelRequested` (docs/order-lifecycle.md); completed orders are refunded instead. */
const CANCELLABLE: ReadonlySet<OrderView['status']> = new Set(['open', 'placed', 'paid']);

/** The order can be cancelled now: open, placed or paid, and no card being charged at this moment. */
export function isCancellable(order: OrderView | null): order is OrderView {
  return order !== null && CANCELLABLE.has(order.status) && !paymentInFlight(order);
}

/** Captured money not yet given back, as the core counts it: what a cancellation must refund. */
export function moneyHeldMinor(order: OrderView): number {
  let held = 0;
  for (const p of order.payments)
    if (p.status === 'captured' || p.status === 'refunded') held += p.amountMinor + p.tipMinor - p.refundedMinor;
  return held;
}

/**
 * What cancelling asks for, as the core will judge it: an order holding money needs a manager's PIN
 * where staff sign in (typed every time, a signed-in manager too); anything else needs nobody. An
 * unknown session asks nothing up front; the core's `approval_required` then brings the PIN field up.
 */
export function cancelApproval(order: OrderView, session: StaffSessionView | null): 'none' | 'manager-pin' {
  if (moneyHeldMinor(order) === 0 || session === null || !session.requireSignIn) return 'none';
  return 'manager-pin';
}

/** A ticket the kitchen is working on or has at the pass: cancelling flashes it CANCELLED for a cook. */
const IN_KITCHEN: ReadonlySet<string> = new Set(['in_progress', 'ready', 'recalled']);

/** What cancelling will do, said before the cashier confirms. */
export function cancelConsequences(order: OrderView, money: (minor: number) => string): string[] {
  const said: string[] = [];
  const live = order.tickets.filter((t) => t.status !== 'cancelled' && t.status !== 'bumped');
  if (live.some((t) => IN_KITCHEN.has(t.status)))
    said.push('The kitchen has started it: its ticket shows CANCELLED until a cook acknowledges.');
  else if (live.length > 0) said.push('Its kitchen ticket is pulled from the kitchen screen.');
  const held = moneyHeldMinor(order);
  if (held > 0) said.push(`${money(held)} was taken: a manager approves, then you refund it.`);
  else said.push('Nothing was paid: nothing to refund.');
  return said;
}

/** Where a cancellation landed, for the cashier's notice. */
export function cancelOutcome(order: OrderView, money: (minor: number) => string): string {
  const head = `Order ${order.ticketNumber} cancelled`;
  switch (order.status) {
    case 'cancel_requested':
      return `${head}: waiting for the kitchen to acknowledge${moneyHeldMinor(order) > 0 ? ', then refund it' : ''} (see Cancellations)`;
    case 'refund_pending':
      return `${head}: refund ${money(order.refundDueMinor)} due`;
    default:
      return head;
  }
}
