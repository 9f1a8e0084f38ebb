import { parseMoneyInput } from '../money-input.js';
import type { RefundSource } from './refund-sources.js';

/** What the cashier asked for, checked: the refund machine only ever sees a well-formed request. */
export type RefundRequest =
  | { kind: 'card'; paymentId: string; amountMinor: number; reason: string; managerPin?: string }
  | { kind: 'cash'; amountMinor: number; reason: string; managerPin?: string };

export interface RefundForm {
  source: RefundSource;
  amount: string;
  reason: string;
  pin: string;
}

/**
 * The form's own checks, before anything reaches the core: an amount it can parse, no more than the
 * source can give back, and a reason. The PIN is the core's to judge; blank means "not asked".
 */
export function checkRefundForm(
  form: RefundForm,
  currency: string,
  money: (minor: number) => string,
): { ok: true; request: RefundRequest } | { ok: false; message: string } {
  const parsed = parseMoneyInput(form.amount, currency);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (parsed.minor > form.source.refundableMinor)
    return { ok: false, message: `At most ${money(form.source.refundableMinor)} can be refunded from this payment` };
  const reason = form.reason.trim();
  if (reason === '') return { ok: false, message: 'Enter the reason for the refund' };
  const pin = form.pin.trim();
  const managerPin = pin === '' ? {} : { managerPin: pin };
  const request: RefundRequest =
    form.source.kind === 'card'
      ? { kind: 'card', paymentId: form.source.paymentId, amountMinor: parsed.minor, reason, ...managerPin }
      : { kind: 'cash', amountMinor: parsed.minor, reason, ...managerPin };
  return { ok: true, request };
}
