import { describe, expect, it } from 'vitest';
import type { PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { cardStatusText } from './card-status.js';

const attempt = (over: Partial<PaymentAttemptView>): PaymentAttemptView => ({
  attemptId: '018f0000-0000-7000-8000-000000000001',
  orderId: '018f0000-0000-7000-8000-000000000002',
  method: 'card',
  state: 'failed',
  amountMinor: 250,
  tipMinor: 0,
  currency: 'EUR',
  cancelRequested: false,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

describe('card status wording', () => {
  it('says nothing was charged once, whether or not the reason already says it', () => {
    expect(cardStatusText(attempt({ reason: 'The terminal never received the payment; nothing was charged' }))).toBe(
      'Card payment failed: The terminal never received the payment; nothing was charged.',
    );
    expect(cardStatusText(attempt({ reason: 'Terminal offline.' }))).toBe('Card payment failed: Terminal offline. Nothing was charged.');
    expect(cardStatusText(attempt({}))).toBe('Card payment failed: no reason given. Nothing was charged.');
  });
});
