import { describe, expect, it } from 'vitest';
import { CardDetails, PaymentAuthorized } from './payment-events.js';

const authorized = (card?: unknown) => ({
  paymentId: '0190b1e2-0000-7000-8000-000000000001',
  method: 'card',
  amountMinor: 250,
  tipMinor: 0,
  idempotencyKey: 'attempt-0001',
  ...(card === undefined ? {} : { card }),
});

describe('card details on a payment authorization', () => {
  it('are optional: authorizations written before them still parse', () => {
    expect(PaymentAuthorized.shape.payload.safeParse(authorized()).success).toBe(true);
  });

  it('keep the brand, the last four digits and the auth code', () => {
    const parsed = PaymentAuthorized.shape.payload.parse(authorized({ brand: 'VISA', lastFour: '4242', authCode: '100001' }));
    expect(parsed.card).toEqual({ brand: 'VISA', lastFour: '4242', authCode: '100001' });
  });

  it('never take a card number: only four digits pass as the last four', () => {
    for (const lastFour of ['4242424242424242', '424', 'x242', '4242 ']) {
      expect(CardDetails.safeParse({ lastFour }).success, lastFour).toBe(false);
    }
  });
});
