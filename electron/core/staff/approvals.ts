import type { Refusal } from '../orders/result.js';

/** What an approval decided: who approved (a manager's staff id), or nobody when none is needed. */
export type Approval = { ok: true; approvedBy: string | undefined } | Refusal;

/**
 * Manager approval for guarded order actions (voiding a fired line, refunds, cancelling a paid
 * order). Asked inside the order's write transaction, only once the committed order shows that the
 * action is guarded, so a PIN is never checked for an action that needs none.
 */
export interface ApprovalGate {
  /** True where staff sign in: only a verified manager approves, never a typed-in name. */
  readonly enforced: boolean;
  /** `action` is a short phrase for the error message ("void Burger after it was fired"). */
  approve(action: string, managerPin: string | undefined): Approval;
}

/** Stations without staff configured: nothing is guarded (a free-text `approvedBy` is recorded as given). */
export const NO_APPROVAL_NEEDED: ApprovalGate = { enforced: false, approve: () => ({ ok: true, approvedBy: undefined }) };

/** The events' optional `approvedBy`: left out, not undefined, when nobody had to approve. */
export function approvedByField(approvedBy: string | undefined): { approvedBy?: string } {
  return approvedBy === undefined ? {} : { approvedBy };
}
