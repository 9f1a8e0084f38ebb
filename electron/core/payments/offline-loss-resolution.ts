import type { Actor, CurrentNewEvent } from '../../../shared/events.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { Logger } from '../../../shared/logger.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Result } from '../../../shared/result.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import { formatMoney } from '../../../shared/money.js';
import { approvedByField, NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';
import { currentActor } from './current-actor.js';
import { clip, fail } from './failure.js';
import { OfflinePayments } from './offline-payments.js';

export interface LossResolutionDeps {
  db: Db;
  store: EventStore;
  actor: Actor | (() => Actor);
  logger: Logger;
  /** Names the manager on the event; the PIN itself is checked first by the privileged-command guard. */
  approvals?: ApprovalGate;
}

export interface ResolveLoss {
  paymentId: string;
  note: string;
  managerPin?: string | undefined;
}

/**
 * A manager marks a card payment lost after the sale (declined when forwarded, or expired) as dealt
 * with: collected another way, or written off. Recorded as an OfflinePaymentLossResolved event on the
 * order, so it replicates, leaves the follow-up list and counts as resolved in the shift report.
 */
export function resolveOfflineLoss(deps: LossResolutionDeps, input: ResolveLoss): Result<OrderView, IpcError> {
  const row = new OfflinePayments(deps.db).get(input.paymentId);
  if (!row) return fail('not_found', 'No card payment approved offline on this station has that id');
  if (row.state !== 'declined' && row.state !== 'expired') {
    return fail('invalid_state', `This card payment is ${row.state}, not lost after the sale: there is nothing to resolve`);
  }
  const written = deps.store.write(row.order_id, currentActor(deps.actor), (order) => {
    const payment = order?.payments.find((p) => p.paymentId === input.paymentId);
    if (!order || !payment) return fail('not_found', 'The order of this payment is no longer on this station');
    if (payment.offline?.resolved) return fail('invalid_state', `Already resolved: ${payment.offline.resolved.note}`);
    const action = `mark the lost card payment of ${formatMoney(row.amount_minor + row.tip_minor, row.currency)} on order #${order.ticketNumber} as resolved`;
    const approval = (deps.approvals ?? NO_APPROVAL_NEEDED).approve(action, input.managerPin);
    if (!approval.ok) return approval;
    const event: CurrentNewEvent = {
      type: 'OfflinePaymentLossResolved',
      v: 1,
      payload: { paymentId: input.paymentId, note: clip(input.note), ...approvedByField(approval.approvedBy) },
    };
    return { ok: true, events: [event] };
  });
  if (!written.ok) return written;
  deps.logger.info(
    { orderId: row.order_id, paymentId: row.payment_id, amountMinor: row.amount_minor + row.tip_minor },
    'lost offline card payment marked resolved',
  );
  return { ok: true, value: written.value.view };
}
