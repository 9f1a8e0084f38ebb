import type { ErrorCode, IpcResult } from '../../../shared/ipc/contract.js';

/** A command sent once without a PIN and, when the core asks, again with the manager's PIN. */
export type ApprovableCall<T> = (managerPin: string | undefined) => Promise<IpcResult<T>>;

/** The core wants a manager's PIN for this command: the prompt comes up with its message. */
export function asksForManagerPin(result: IpcResult<unknown>): boolean {
  return !result.ok && result.error.code === 'approval_required';
}

/** Refusals that keep the PIN prompt open (say why, let the manager type again or give up). */
const RETRY_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['approval_required', 'approval_denied', 'wrong_pin', 'locked_out']);

export function keepsPromptOpen(result: IpcResult<unknown>): boolean {
  return !result.ok && RETRY_CODES.has(result.error.code);
}

/** A typed PIN as the core accepts it (4 to 8 digits), checked before it is sent. */
export function pinProblem(pin: string): string | null {
  return /^\d{4,8}$/.test(pin) ? null : 'A PIN is 4 to 8 digits';
}
