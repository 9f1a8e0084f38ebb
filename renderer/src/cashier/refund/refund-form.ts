import type { IpcError } from '../../../../shared/ipc/contract.js';
import { formatMoney } from '../../../../shared/money.js';
import { parseMoneyInput } from '../money-input.js';
import type { RefundSource } from './refund-sources.js';

/** Why cashiers give money back; "Other" asks for a few words. Kept on the refund for the audit log. */
export const REFUND_REASONS = ['Order cancelled', 'Wrong item', 'Quality complaint', 'Item unavailable', 'Overcharged'] as const;
export const OTHER_REASON = 'Other';

/** What the cashier asked for, checked: the refund machine only ever sees a well-formed request. */
export type RefundRequest =
  | { kind: 'card'; paymentId: string; amountMinor: number; reason: string; managerPin?: string }
  | { kind: 'cash'; amountMinor: number; reason: string; managerPin?: string };

/** The field a problem belongs to: the message is shown beside it (none: at the top of the dialog). */
export type RefundField = 'amount' | 'reason' | 'pin';

export interface RefundForm {
  source: RefundSource;
  amount: string;
  /** The chip picked: one of REFUND_REASONS, OTHER_REASON, or '' before any. */
  reason: string;
  /** The cashier's own words when the chip is "Other". */
  otherReason: string;
  pin: string;
}

export type RefundCheck = { ok: true; request: RefundRequest } | { ok: false; field: RefundField; message: string };

/**
 * The form's own checks, before anything reaches the core: an amount it can parse, above zero and no
 * more than the source can still give back, and a reason. The PIN is the core's to judge; blank means
 * "not asked".
 */
export function checkRefundForm(form: RefundForm, currency: string): RefundCheck {
  const money = (minor: number) => formatMoney(minor, currency);
  const left = form.source.refundableMinor;
  if (left <= 0) return { ok: false, field: 'amount', message: 'Nothing left to refund from this payment' };
  const parsed = parseMoneyInput(form.amount, currency);
  if (!parsed.ok) return { ok: false, field: 'amount', message: parsed.message };
  if (parsed.minor <= 0) return { ok: false, field: 'amount', message: 'Enter an amount greater than zero' };
  if (parsed.minor > left) return { ok: false, field: 'amount', message: `Only ${money(left)} is left to refund from this payment` };
  const reason = form.reason === OTHER_REASON ? form.otherReason.trim() : form.reason.trim();
  if (reason === '') {
    return {
      ok: false,
      field: 'reason',
      message: form.reason === OTHER_REASON ? 'Say why in a few words' : 'Pick a reason for the refund',
    };
  }
  const pin = form.pin.trim();
  const managerPin = pin === '' ? {} : { managerPin: pin };
  const request: RefundRequest =
    form.source.kind === 'card'
      ? { kind: 'card', paymentId: form.source.paymentId, amountMinor: parsed.minor, reason, ...managerPin }
      : { kind: 'cash', amountMinor: parsed.minor, reason, ...managerPin };
  return { ok: true, request };
}

const PIN_CODES: ReadonlySet<IpcError['code']> = new Set(['approval_required', 'approval_denied', 'wrong_pin', 'locked_out']);

/** A refusal about the manager's approval belongs beside the PIN field; anything else at the top. */
export function refusalField(error: IpcError): RefundField | undefined {
  return PIN_CODES.has(error.code) ? 'pin' : undefined;
}

/**
 * The core's card-refund refusal and the terminal's names what is left in raw minor units ("Only 0 is
 * left to refund"); the cashier reads it as money in the order's currency.
 */
export function moneyInRefusal(message: string, currency: string): string {
  return message.replace(/\b(only) (\d+) (is left to refund)/gi, (_all, only: string, minor: string, rest: string) =>
    Number.isSafeInteger(Number(minor)) ? `${only} ${formatMoney(Number(minor), currency)} ${rest}` : _all,
  );
}
