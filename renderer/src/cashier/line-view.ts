import type { StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import type { OrderLineView, OrderView } from '../../../shared/order-view.js';

/** On a kitchen ticket: quantity and note can no longer change, only a void (with a manager) can undo it. */
export const isFired = (line: OrderLineView): boolean => line.ticketId !== undefined;

/** "Medium, Cheddar, Bacon": the options as the kitchen reads them, in the catalog's order. */
export const modifierText = (line: OrderLineView): string => line.modifiers.map((m) => m.name).join(', ');

/** Lines the kitchen has not had yet: what "Send to kitchen" would send. */
export const unsentKitchenLines = (order: OrderView): number =>
  order.lines.filter((line) => !isFired(line) && line.kitchenStation !== undefined).length;

/** A card authorized but not yet captured: adding now would change a total the customer is paying. */
export const paymentInFlight = (order: OrderView | null): boolean => order?.payments.some((p) => p.status === 'authorized') ?? false;

/** The order still owes money and takes a payment now. */
export const canTakePayment = (order: OrderView | null): order is OrderView =>
  order !== null && (order.status === 'open' || order.status === 'placed') && order.lines.length > 0 && order.dueMinor > 0;

/**
 * What voiding a line asks for, as the core will judge it: nothing for a line the kitchen has not
 * had; for a fired line, a manager's PIN where staff sign in (typed every time, a signed-in manager too), or the
 * approving person's name where nobody signs in (the core records it as `approvedBy`). An unknown
 * session asks nothing up front; the core's `approval_required` then brings the PIN field up.
 */
export type VoidApproval = 'none' | 'manager-pin' | 'approver-name';

export function voidApproval(line: OrderLineView, session: StaffSessionView | null): VoidApproval {
  if (!isFired(line) || session === null) return 'none';
  if (!session.requireSignIn) return 'approver-name';
  return 'manager-pin';
}
