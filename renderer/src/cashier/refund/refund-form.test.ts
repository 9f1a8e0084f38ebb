import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../../shared/money.js';
import { checkRefundForm, moneyInRefusal, OTHER_REASON, refusalField, type RefundForm } from './refund-form.js';
import type { RefundSource } from './refund-sources.js';

const card: RefundSource = { kind: 'card', paymentId: 'p-1', refundableMinor: 500, label: 'Card' };
const cash: RefundSource = { kind: 'cash', refundableMinor: 300, label: 'Cash' };
const form = (fields: Partial<RefundForm>): RefundForm => ({
  source: cash,
  amount: '1',
  reason: 'Wrong item',
  otherReason: '',
  pin: '',
  ...fields,
});

describe('checkRefundForm', () => {
  it('builds the request from a well-formed form, with the PIN only when one was typed', () => {
    expect(checkRefundForm(form({ source: card, amount: '3.80', reason: 'Quality complaint' }), 'EUR')).toEqual({
      ok: true,
      request: { kind: 'card', paymentId: 'p-1', amountMinor: 380, reason: 'Quality complaint' },
    });
    expect(checkRefundForm(form({ amount: '3', reason: 'Order cancelled', pin: ' 1234 ' }), 'EUR')).toEqual({
      ok: true,
      request: { kind: 'cash', amountMinor: 300, reason: 'Order cancelled', managerPin: '1234' },
    });
  });

  it('"Other" takes the cashier\'s own words, trimmed, and asks for them when blank', () => {
    expect(checkRefundForm(form({ reason: OTHER_REASON, otherReason: ' Spilt on the counter ' }), 'EUR')).toMatchObject({
      ok: true,
      request: { reason: 'Spilt on the counter' },
    });
    expect(checkRefundForm(form({ reason: OTHER_REASON, otherReason: '  ' }), 'EUR')).toEqual({
      ok: false,
      field: 'reason',
      message: 'Say why in a few words',
    });
    expect(checkRefundForm(form({ reason: '' }), 'EUR')).toEqual({ ok: false, field: 'reason', message: 'Pick a reason for the refund' });
  });

  it('refuses more than is left, as money in the order currency, beside the amount', () => {
    expect(checkRefundForm(form({ amount: '3.01' }), 'EUR')).toEqual({
      ok: false,
      field: 'amount',
      message: 'Only €3.00 is left to refund from this payment',
    });
    const yen: RefundSource = { kind: 'cash', refundableMinor: 1200, label: 'Cash' };
    expect(checkRefundForm(form({ source: yen, amount: '1201' }), 'JPY')).toMatchObject({
      message: `Only ${formatMoney(1200, 'JPY')} is left to refund from this payment`,
    });
  });

  it('refuses an unreadable or zero amount, and anything once nothing is left', () => {
    expect(checkRefundForm(form({ amount: 'abc' }), 'EUR')).toMatchObject({ ok: false, field: 'amount' });
    expect(checkRefundForm(form({ amount: '0.00' }), 'EUR')).toEqual({
      ok: false,
      field: 'amount',
      message: 'Enter an amount greater than zero',
    });
    expect(checkRefundForm(form({ source: { ...cash, refundableMinor: 0 }, amount: '0' }), 'EUR')).toEqual({
      ok: false,
      field: 'amount',
      message: 'Nothing left to refund from this payment',
    });
  });
});

describe('refusals from the core', () => {
  it('places approval and PIN refusals beside the PIN field, the rest at the top', () => {
    expect(refusalField({ code: 'approval_required', message: 'A manager must approve' })).toBe('pin');
    expect(refusalField({ code: 'approval_denied', message: 'Not a manager' })).toBe('pin');
    expect(refusalField({ code: 'wrong_pin', message: 'Wrong PIN' })).toBe('pin');
    expect(refusalField({ code: 'invalid_state', message: 'Only 0 is left to refund on this card payment' })).toBeUndefined();
  });

  it('words raw minor units as money in the order currency', () => {
    expect(moneyInRefusal('Only 0 is left to refund on this card payment', 'EUR')).toBe(
      'Only €0.00 is left to refund on this card payment',
    );
    expect(moneyInRefusal('only 250 is left to refund on this payment', 'GBP')).toBe('only £2.50 is left to refund on this payment');
    expect(moneyInRefusal('Only 1500 is left to refund on this card payment (a refund is in progress)', 'JPY')).toBe(
      `Only ${formatMoney(1500, 'JPY')} is left to refund on this card payment (a refund is in progress)`,
    );
    // Already worded as money, or about something else: untouched.
    expect(moneyInRefusal('Only €8.90 was taken in cash on order #4; cannot refund €9.00', 'EUR')).toBe(
      'Only €8.90 was taken in cash on order #4; cannot refund €9.00',
    );
  });
});
