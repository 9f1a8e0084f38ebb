import { describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { testId } from '../../testing/fake-station.js';
import { ScriptedBridge } from '../../testing/scripted-bridge.js';
import { refundMachine, refundOutcome, type RefundActorRef } from './refund-machine.js';
import type { RefundRequest } from './refund-form.js';

const orderId = testId();
const paymentId = testId();

function refund(fields: Partial<RefundAttemptView> = {}): RefundAttemptView {
  return {
    refundId: 'refund-1',
    orderId,
    paymentId,
    state: 'refunding',
    amountMinor: 380,
    currency: 'EUR',
    reason: 'Cold',
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  };
}

const card: RefundRequest = { kind: 'card', paymentId, amountMinor: 380, reason: 'Cold' };
const cash: RefundRequest = { kind: 'cash', amountMinor: 250, reason: 'Spilt', managerPin: '1234' };

function start(bridge: ScriptedBridge, pollMs = 60_000) {
  let keys = 0;
  const actor = createActor(refundMachine, { input: { bridge, orderId, currency: 'EUR', newRequestKey: () => `key-${++keys}`, pollMs } });
  actor.start();
  return actor;
}

const ready = (actor: RefundActorRef) => waitFor(actor, (s) => s.matches('ready'));

describe('refund machine', () => {
  it('cash: refunds, opens the drawer and says so; the form is busy meanwhile', async () => {
    const bridge = new ScriptedBridge()
      .handle('order.refundCash', () => ({ ok: true, value: {} as never }))
      .handle('drawer.open', () => ({ ok: true, value: {} as never }));
    const actor = start(bridge);
    actor.send({ type: 'SUBMIT', request: cash });
    expect(actor.getSnapshot().matches('refundingCash')).toBe(true);
    await ready(actor);
    expect(bridge.callsOf('order.refundCash')).toEqual([{ orderId, amountMinor: 250, reason: 'Spilt', managerPin: '1234' }]);
    expect(bridge.callsOf('drawer.open')).toEqual([{ orderId, reason: 'refund' }]);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'ok', text: 'Refunded €2.50 in cash — drawer opened' });
  });

  it('cash: a refusal opens no drawer; a drawer that fails is reported after the refund', async () => {
    const refused = new ScriptedBridge().handle('order.refundCash', () => ({
      ok: false,
      error: { code: 'forbidden', message: 'A manager PIN is needed' },
    }));
    const actor = start(refused);
    actor.send({ type: 'SUBMIT', request: cash });
    await ready(actor);
    expect(refused.callsOf('drawer.open')).toEqual([]);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'A manager PIN is needed' });

    const noDrawer = new ScriptedBridge().handle('order.refundCash', () => ({ ok: true, value: {} as never }));
    const second = start(noDrawer);
    second.send({ type: 'SUBMIT', request: cash });
    await ready(second);
    expect(second.getSnapshot().context.outcome?.text).toMatch(/^Refunded €2\.50 in cash — the drawer did not open: /);
  });

  it('card: follows the refund by push until the terminal decides, then frees the form', async () => {
    const bridge = new ScriptedBridge().handle('payment.refundCard', () => ({ ok: true, value: refund() }));
    const actor = start(bridge);
    actor.send({ type: 'SUBMIT', request: card });
    await waitFor(actor, (s) => s.matches('tracking'));
    expect(bridge.callsOf('payment.refundCard')).toEqual([{ orderId, paymentId, amountMinor: 380, reason: 'Cold', requestKey: 'key-1' }]);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'pending', text: 'Refunding €3.80 to the card…' });

    // Another refund of the order, or an older view of this one, is not this dialog's news.
    actor.send({ type: 'REFUND_CHANGED', refund: refund({ refundId: 'refund-0', state: 'refunded', updatedAt: 9 }) });
    actor.send({ type: 'REFUND_CHANGED', refund: refund({ state: 'refused', updatedAt: 0 }) });
    expect(actor.getSnapshot().matches('tracking')).toBe(true);

    actor.send({ type: 'REFUND_CHANGED', refund: refund({ state: 'refunded', updatedAt: 2 }) });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'ok', text: 'Refunded €3.80 to the card' });
    // The key was used up by a definite answer: the next refund gets a new one.
    expect(actor.getSnapshot().context.requestKey).toBe('key-2');
  });

  it('card: polls while in flight, in case a push was lost to a reconnect', async () => {
    vi.useFakeTimers();
    try {
      let state: RefundAttemptView['state'] = 'unknown_resolving';
      const bridge = new ScriptedBridge()
        .handle('payment.refundCard', () => ({ ok: true, value: refund({ state: 'unknown_resolving' }) }))
        .handle('payment.refunds', () => ({
          ok: true,
          value: { refunds: [refund({ state, updatedAt: 5, outcomeReason: 'Card expired' })] },
        }));
      const actor = start(bridge, 3_000);
      actor.send({ type: 'SUBMIT', request: card });
      await vi.advanceTimersByTimeAsync(0);
      expect(actor.getSnapshot().matches('tracking')).toBe(true);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(bridge.callsOf('payment.refunds')).toHaveLength(1);
      expect(actor.getSnapshot().matches('tracking')).toBe(true);
      state = 'refused';
      await vi.advanceTimersByTimeAsync(3_000);
      expect(actor.getSnapshot().matches('ready')).toBe(true);
      expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'Refund refused: Card expired. Nothing was refunded.' });
      await vi.advanceTimersByTimeAsync(9_000);
      expect(bridge.callsOf('payment.refunds')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('card: keeps the request key after a lost answer (a resend never refunds twice), renews it after a refusal', async () => {
    let answer: { ok: false; error: { code: 'unavailable' | 'forbidden'; message: string } } = {
      ok: false,
      error: { code: 'unavailable', message: 'Terminal busy' },
    };
    const bridge = new ScriptedBridge().handle('payment.refundCard', () => answer);
    const actor = start(bridge);
    actor.send({ type: 'SUBMIT', request: card });
    await ready(actor);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'Terminal busy' });
    actor.send({ type: 'SUBMIT', request: card });
    await ready(actor);
    answer = { ok: false, error: { code: 'forbidden', message: 'A manager PIN is needed' } };
    actor.send({ type: 'SUBMIT', request: card });
    await ready(actor);
    actor.send({ type: 'SUBMIT', request: card });
    await ready(actor);
    expect(bridge.callsOf('payment.refundCard').map((c) => (c as { requestKey: string }).requestKey)).toEqual([
      'key-1',
      'key-1',
      'key-1',
      'key-2',
    ]);
  });

  it('shows a form problem like a refusal, and clears the last outcome on the next submit', async () => {
    const bridge = new ScriptedBridge().handle('payment.refundCard', () => ({ ok: true, value: refund() }));
    const actor = start(bridge);
    actor.send({ type: 'INPUT_INVALID', message: 'Enter the reason for the refund' });
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'Enter the reason for the refund' });
    actor.send({ type: 'SUBMIT', request: card });
    expect(actor.getSnapshot().context.outcome).toBeNull();
    await waitFor(actor, (s) => s.matches('tracking'));
    // While the terminal works, the form takes nothing.
    actor.send({ type: 'SUBMIT', request: cash });
    expect(bridge.calls.map((c) => c.command)).toEqual(['payment.refundCard']);
  });

  it('counts each refund done (cash answered, card refunded) so the form can start over; a refusal is not one', async () => {
    const cashBridge = new ScriptedBridge()
      .handle('order.refundCash', () => ({ ok: true, value: {} as never }))
      .handle('drawer.open', () => ({ ok: true, value: {} as never }));
    const cashActor = start(cashBridge);
    expect(cashActor.getSnapshot().context.completed).toBe(0);
    cashActor.send({ type: 'SUBMIT', request: cash });
    await ready(cashActor);
    expect(cashActor.getSnapshot().context.completed).toBe(1);

    const cardBridge = new ScriptedBridge().handle('payment.refundCard', () => ({ ok: true, value: refund() }));
    const cardActor = start(cardBridge);
    cardActor.send({ type: 'SUBMIT', request: card });
    await waitFor(cardActor, (s) => s.matches('tracking'));
    expect(cardActor.getSnapshot().context.completed).toBe(0);
    cardActor.send({ type: 'REFUND_CHANGED', refund: refund({ state: 'refunded', updatedAt: 2 }) });
    // The same news twice is one refund.
    cardActor.send({ type: 'REFUND_CHANGED', refund: refund({ state: 'refunded', updatedAt: 3 }) });
    expect(cardActor.getSnapshot().context.completed).toBe(1);

    const refused = new ScriptedBridge().handle('order.refundCash', () => ({
      ok: false,
      error: { code: 'approval_required', message: 'A manager must approve: refund €2.50 on order #3' },
    }));
    const refusedActor = start(refused);
    refusedActor.send({ type: 'SUBMIT', request: cash });
    await ready(refusedActor);
    expect(refusedActor.getSnapshot().context.completed).toBe(0);
    // A PIN refusal belongs beside the PIN field.
    expect(refusedActor.getSnapshot().context.outcome).toEqual({
      tone: 'error',
      text: 'A manager must approve: refund €2.50 on order #3',
      field: 'pin',
    });
  });

  it("words the core's raw minor units as money, and keeps a form problem beside its field", async () => {
    const bridge = new ScriptedBridge().handle('payment.refundCard', () => ({
      ok: false,
      error: { code: 'invalid_state', message: 'Only 0 is left to refund on this card payment' },
    }));
    const actor = start(bridge);
    actor.send({ type: 'SUBMIT', request: card });
    await ready(actor);
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'Only €0.00 is left to refund on this card payment' });
    actor.send({ type: 'INPUT_INVALID', message: 'Pick a reason for the refund', field: 'reason' });
    expect(actor.getSnapshot().context.outcome).toEqual({ tone: 'error', text: 'Pick a reason for the refund', field: 'reason' });
  });

  it('a terminal refusal names what is left as money', () => {
    expect(refundOutcome(refund({ state: 'refused', outcomeReason: 'only 120 is left to refund on this payment' }))).toEqual({
      tone: 'error',
      text: 'Refund refused: only €1.20 is left to refund on this payment. Nothing was refunded.',
    });
  });
});
