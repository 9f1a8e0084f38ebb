import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';
import type { OrderView, PaymentView } from '../../../../shared/order-view.js';
import { makeLine, makeOrder, testId } from '../../testing/fake-station.js';
import { ScriptedBridge } from '../../testing/scripted-bridge.js';
import { amountToPay, tenderMachine, type TenderActorRef } from './tender-machine.js';

const line = makeLine({ itemId: 'latte', name: 'Latte', unitPriceMinor: 380, quantity: 2 });
const dueOrder = (overrides: Partial<OrderView> = {}) =>
  makeOrder({ lines: [line], subtotalMinor: 760, totalMinor: 760, dueMinor: 760, eventCount: 2, ...overrides });

function payment(fields: Partial<PaymentView> & { paymentId: string; method: PaymentView['method']; amountMinor: number }): PaymentView {
  return { status: 'captured', tipMinor: 0, refundedMinor: 0, roundingMinor: 0, changeMinor: 0, ...fields };
}

function attempt(order: OrderView, fields: Partial<PaymentAttemptView> = {}): PaymentAttemptView {
  return {
    attemptId: testId(),
    orderId: order.id,
    method: 'card',
    state: 'authorizing',
    amountMinor: order.dueMinor,
    tipMinor: 0,
    currency: 'EUR',
    cancelRequested: false,
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  };
}

function start(bridge: ScriptedBridge, order: OrderView) {
  const paid: { order: OrderView; changeMinor: number }[] = [];
  let keys = 0;
  const machine = tenderMachine.provide({ actions: { paid: (_, params) => paid.push(params) } });
  const actor = createActor(machine, { input: { bridge, order, newRequestKey: () => `request-key-${++keys}`, pollMs: 60_000 } });
  actor.start();
  return { actor, paid };
}

const at = (actor: TenderActorRef, state: string) => waitFor(actor, (s) => s.matches(state as never));

describe('tender machine', () => {
  it('cash: pays the order and reports the change', async () => {
    const order = dueOrder();
    const paidOrder = { ...order, status: 'paid' as const, paidMinor: 760, dueMinor: 0, changeMinor: 240, eventCount: 4 };
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }))
      .handle('order.payCash', () => ({ ok: true, value: { order: paidOrder, changeMinor: 240 } }));
    const { actor, paid } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'PAY_CASH', tenderedMinor: 1000 });
    await at(actor, 'done');
    expect(bridge.callsOf('order.payCash')).toEqual([{ orderId: order.id, tenderedMinor: 1000 }]);
    expect(paid).toEqual([{ order: paidOrder, changeMinor: 240 }]);
    expect(actor.getSnapshot().context.settledBy).toBe('cash');
  });

  it('cash: insufficient tender keeps the cashier choosing, with the core’s error', async () => {
    const order = dueOrder();
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }))
      .handle('order.payCash', () => ({
        ok: false,
        error: { code: 'insufficient_tender', message: 'Cash tendered €5.00 is less than the €7.60 due' },
      }));
    const { actor, paid } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'PAY_CASH', tenderedMinor: 500 });
    const s = await waitFor(actor, (snap) => snap.matches('choosing') && snap.context.error !== null);
    expect(s.context.error?.code).toBe('insufficient_tender');
    expect(paid).toEqual([]);
    actor.send({ type: 'PAY_CASH', tenderedMinor: 0 });
    expect(bridge.callsOf('order.payCash')).toHaveLength(1);
  });

  it('card: declined, retried with a new request key, then approved once the order view shows the capture', async () => {
    const order = dueOrder();
    let started = 0;
    const attempts: PaymentAttemptView[] = [];
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }))
      .handle('payment.startCard', (args) => {
        started += 1;
        const a = attempt(order, { amountMinor: args.amountMinor, tipMinor: args.tipMinor ?? 0 });
        attempts.push(a);
        return { ok: true, value: a };
      });
    const { actor, paid } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'SET_TIP', tipMinor: 100 });
    actor.send({ type: 'PAY_CARD' });
    await at(actor, 'card.inFlight');
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...attempts[0]!, state: 'declined', reason: 'insufficient funds', updatedAt: 2 } });
    const refused = await at(actor, 'card.refused');
    expect(refused.context.attempt?.reason).toBe('insufficient funds');

    actor.send({ type: 'RETRY_CARD' });
    await at(actor, 'card.inFlight');
    expect(started).toBe(2);
    const requests = bridge.callsOf('payment.startCard') as { requestKey: string; tipMinor: number; amountMinor: number }[];
    expect(requests.map((r) => r.requestKey)).toEqual(['request-key-1', 'request-key-2']);
    expect(requests.every((r) => r.tipMinor === 100 && r.amountMinor === 760)).toBe(true);
    // A push about the old attempt must not move the new one.
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...attempts[0]!, state: 'approved', updatedAt: 9 } });
    expect(actor.getSnapshot().context.attempt?.attemptId).toBe(attempts[1]!.attemptId);
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...attempts[1]!, state: 'unknown_resolving', updatedAt: 2 } });
    expect(actor.getSnapshot().matches({ card: 'inFlight' })).toBe(true);
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...attempts[1]!, state: 'approved', updatedAt: 3 } });
    await at(actor, 'awaitingOrder');
    expect(paid).toEqual([]);
    const paidOrder = {
      ...order,
      status: 'paid' as const,
      paidMinor: 860,
      tipMinor: 100,
      dueMinor: 0,
      eventCount: 5,
      payments: [payment({ paymentId: attempts[1]!.attemptId, method: 'card', amountMinor: 760, tipMinor: 100 })],
    };
    actor.send({ type: 'ORDER_CHANGED', order: paidOrder });
    await at(actor, 'done');
    expect(paid).toEqual([{ order: paidOrder, changeMinor: 0 }]);
  });

  it('card: cancel while waiting asks the core, and a voided attempt returns to choosing', async () => {
    const order = dueOrder();
    const a = attempt(order);
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }))
      .handle('payment.startCard', () => ({ ok: true, value: a }))
      .handle('payment.cancelCard', () => ({ ok: true, value: { ...a, cancelRequested: true, updatedAt: 2 } }));
    const { actor } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'PAY_CARD' });
    await at(actor, 'card.inFlight');
    actor.send({ type: 'CANCEL_CARD' });
    await waitFor(actor, (s) => s.context.attempt?.cancelRequested === true);
    expect(bridge.callsOf('payment.cancelCard')).toEqual([{ attemptId: a.attemptId }]);
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...a, cancelRequested: true, state: 'voided', updatedAt: 3 } });
    const back = await at(actor, 'choosing');
    expect(back.context.notice).toMatch(/cancelled/);
  });

  it('reconnect: a window that opens mid-payment picks up the attempt in flight', async () => {
    const order = dueOrder();
    const a = attempt(order, { state: 'unknown_resolving' });
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [attempt(order, { state: 'declined' }), a] } }))
      .handle('payment.status', () => ({ ok: true, value: { ...a, state: 'approved', updatedAt: 5 } }));
    const paid: unknown[] = [];
    const machine = tenderMachine.provide({ actions: { paid: (_, params) => paid.push(params) } });
    const actor = createActor(machine, { input: { bridge, order, pollMs: 1 } });
    actor.start();
    // No push arrives (it was lost with the connection): the poll finds the attempt approved.
    await at(actor, 'awaitingOrder');
    expect(actor.getSnapshot().context.attempt?.attemptId).toBe(a.attemptId);
    expect(bridge.callsOf('payment.startCard')).toEqual([]);
  });

  it('split: two parts, cash for the first (drawer side handled by the core), card for the second', async () => {
    const order = dueOrder();
    const parts = [
      { partId: testId(), amountMinor: 380 },
      { partId: testId(), amountMinor: 380 },
    ];
    const cashPaid = {
      ...order,
      eventCount: 4,
      paidMinor: 380,
      dueMinor: 380,
      splitParts: [
        { ...parts[0]!, paidMinor: 380 },
        { ...parts[1]!, paidMinor: 0 },
      ],
      payments: [payment({ paymentId: testId(), method: 'cash', amountMinor: 380, splitPartId: parts[0]!.partId })],
    };
    const a = attempt(order, { amountMinor: 380, splitPartId: parts[1]!.partId });
    const bridge = new ScriptedBridge()
      .handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }))
      .handle('payment.splitTender', () => ({ ok: true, value: { parts } }))
      .handle('payment.payCashPart', () => ({ ok: true, value: { order: cashPaid, changeMinor: 120 } }))
      .handle('payment.startCard', () => ({ ok: true, value: a }));
    const { actor, paid } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'SPLIT', partsMinor: [380, 379] }); // does not add up: ignored
    expect(actor.getSnapshot().matches('choosing')).toBe(true);
    actor.send({ type: 'SPLIT', partsMinor: [380, 380] });
    await waitFor(actor, (s) => s.matches('choosing') && s.context.splitParts.length === 2);
    expect(actor.getSnapshot().context.selectedPartId).toBe(parts[0]!.partId);
    expect(amountToPay(actor.getSnapshot().context)).toBe(380);

    actor.send({ type: 'PAY_CASH', tenderedMinor: 500 });
    await waitFor(actor, (s) => s.matches('choosing') && s.context.order.paidMinor === 380);
    expect(bridge.callsOf('payment.payCashPart')).toEqual([{ orderId: order.id, splitPartId: parts[0]!.partId, tenderedMinor: 500 }]);
    expect(actor.getSnapshot().context.selectedPartId).toBe(parts[1]!.partId);
    expect(paid).toEqual([]);

    actor.send({ type: 'PAY_CARD' });
    await at(actor, 'card.inFlight');
    expect(bridge.callsOf('payment.startCard')).toEqual([
      { orderId: order.id, amountMinor: 380, tipMinor: 0, splitPartId: parts[1]!.partId, requestKey: 'request-key-1' },
    ]);
    const settled = {
      ...cashPaid,
      status: 'paid' as const,
      eventCount: 7,
      paidMinor: 760,
      dueMinor: 0,
      payments: [
        ...cashPaid.payments,
        payment({ paymentId: a.attemptId, method: 'card', amountMinor: 380, splitPartId: parts[1]!.partId }),
      ],
    };
    actor.send({ type: 'ORDER_CHANGED', order: settled });
    actor.send({ type: 'ATTEMPT_CHANGED', attempt: { ...a, state: 'approved', updatedAt: 2 } });
    await at(actor, 'done');
    expect(paid).toEqual([{ order: settled, changeMinor: 0 }]);
  });

  it('an order cancelled elsewhere closes the tender without reporting a payment', async () => {
    const order = dueOrder();
    const bridge = new ScriptedBridge().handle('payment.attempts', () => ({ ok: true, value: { attempts: [] } }));
    const { actor, paid } = start(bridge, order);
    await at(actor, 'choosing');
    actor.send({ type: 'ORDER_CHANGED', order: { ...order, status: 'cancelled', eventCount: 3 } });
    await at(actor, 'closed');
    expect(paid).toEqual([]);
  });
});
