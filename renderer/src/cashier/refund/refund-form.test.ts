import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../../shared/money.js';
import { checkRefundForm } from './refund-form.js';
import type { RefundSource } from './refund-sources.js';

const money = (minor: number) => formatMoney(minor, 'EUR');
const card: RefundSource = { kind: 'card', paymentId: 'p-1', refundableMinor: 500, label: 'Card' };
const cash: RefundSource = { kind: 'cash', refundableMinor: 300, label: 'Cash' };

describe('checkRefundForm', () => {
  it('builds the request from a well-formed form, with the PIN only when one was typed', () => {
    expect(checkRefundForm({ source: card, amount: '3.80', reason: ' Cold ', pin: '' }, 'EUR', money)).toEqual({
      ok: true,
      request: { kind: 'card', paymentId: 'p-1', amountMinor: 380, reason: 'Cold' },
    });
    expect(checkRefundForm({ source: cash, amount: '3', reason: 'Spilt', pin: ' 1234 ' }, 'EUR', money)).toEqual({
      ok: true,
      request: { kind: 'cash', amountMinor: 300, reason: 'Spilt', managerPin: '1234' },
    });
  });

  it('refuses more than the source can give back, a missing reason, and an unreadable amount', () => {
    expect(checkRefundForm({ source: cash, amount: '3.01', reason: 'x', pin: '' }, 'EUR', money)).toEqual({
      ok: false,
      message: `At most ${money(300)} can be refunded from this payment`,
    });
    expect(checkRefundForm({ source: cash, amount: '1', reason: '  ', pin: '' }, 'EUR', money)).toEqual({
      ok: false,
      message: 'Enter the reason for the refund',
    });
    expect(checkRefundForm({ source: cash, amount: 'abc', reason: 'x', pin: '' }, 'EUR', money).ok).toBe(false);
  });
});
