import { describe, expect, it } from 'vitest';
import type { PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { canCancel, cardStatusText } from './card-status.js';
import { customParts, equalParts } from './split-parts.js';

describe('split parts', () => {
  it('equal parts add up exactly, odd cents to the first parts', () => {
    expect(equalParts(1000, 3)).toEqual({ ok: true, partsMinor: [334, 333, 333] });
    expect(equalParts(760, 2)).toEqual({ ok: true, partsMinor: [380, 380] });
    expect(equalParts(760, 1)).toMatchObject({ ok: false });
    expect(equalParts(1, 2)).toMatchObject({ ok: false });
  });

  it('custom amounts: the last part is what is left', () => {
    expect(customParts('10', 2250, 'EUR')).toEqual({ ok: true, partsMinor: [1000, 1250] });
    expect(customParts('10, 5.50', 2250, 'EUR')).toEqual({ ok: true, partsMinor: [1000, 550, 700] });
    expect(customParts('10 12.50', 2250, 'EUR')).toEqual({ ok: true, partsMinor: [1000, 1250] });
    expect(customParts('7,50; 15', 2250, 'EUR')).toEqual({ ok: true, partsMinor: [750, 1500] });
    expect(customParts('30', 2250, 'EUR')).toMatchObject({ ok: false, message: expect.stringMatching(/more than/) });
    expect(customParts('22.50', 2250, 'EUR')).toMatchObject({ ok: false });
    expect(customParts('abc', 2250, 'EUR')).toMatchObject({ ok: false });
  });
});

describe('card status text', () => {
  const base: PaymentAttemptView = {
    attemptId: '0190b6a0-0000-7000-8000-000000000000',
    orderId: '0190b6a0-0000-7000-8000-000000000001',
    method: 'card',
    state: 'authorizing',
    amountMinor: 760,
    tipMinor: 0,
    currency: 'EUR',
    cancelRequested: false,
    createdAt: 1,
    updatedAt: 1,
  };
  it('says what the terminal is doing and whether cancelling is possible', () => {
    expect(cardStatusText(base)).toMatch(/Waiting for card/);
    expect(canCancel(base)).toBe(true);
    expect(cardStatusText({ ...base, state: 'declined', reason: 'insufficient funds' })).toBe('Card declined: insufficient funds');
    expect(cardStatusText({ ...base, state: 'unknown_resolving' })).toMatch(/checking whether the card was charged/);
    expect(canCancel({ ...base, state: 'capturing' })).toBe(false);
    expect(canCancel({ ...base, cancelRequested: true })).toBe(false);
  });
});
