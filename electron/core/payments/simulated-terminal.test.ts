import { describe, expect, it } from 'vitest';
import { SimulatedPaymentTerminal } from './simulated-terminal.js';

describe('simulated terminal: refunds', () => {
  it('refuses a refund beyond what is left on the payment, naming the amount as money', async () => {
    const terminal = new SimulatedPaymentTerminal();
    const approved = await terminal.authorize({ amountMinor: 1250, currency: 'EUR', idempotencyKey: 'pay-1' });
    if (approved.kind !== 'approved') throw new Error(`expected an approval, got ${approved.kind}`);
    expect((await terminal.capture(approved.terminalRef)).kind).toBe('captured');
    const first = { terminalRef: approved.terminalRef, amountMinor: 1000, currency: 'EUR', idempotencyKey: 'refund-1' };
    expect((await terminal.refund(first)).kind).toBe('refunded');
    expect(await terminal.refund({ ...first, amountMinor: 300, idempotencyKey: 'refund-2' })).toEqual({
      kind: 'refused',
      reason: 'only €2.50 is left to refund on this payment',
    });
  });
});
