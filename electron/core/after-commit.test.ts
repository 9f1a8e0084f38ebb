import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, type CommandName } from '../../shared/ipc/command-names.js';
import type { PaymentAttemptView, RefundAttemptView } from '../../shared/ipc/commands/payments.js';
import type { WindowRole } from '../../shared/ipc/contract.js';
import type { OrderView } from '../../shared/order-view.js';
import type { WriteResult } from './event-store.js';
import type { Station } from './station.js';
import { tempDir } from './testing/fixtures.js';
import { startTestStation } from './testing/station-harness.js';

/**
 * Every command of the IPC contract, and whether it appends order events. A command added to the
 * contract fails the first test until it is listed here, and, when it writes, until it has a scenario
 * below proving its events reach sync at once.
 */
const WRITES_EVENTS: Record<CommandName, boolean> = {
  'catalog.list': false,
  'order.open': true,
  'order.addLine': true,
  'order.addBarcode': true,
  'order.payCash': true,
  'order.place': true,
  'order.fire': true,
  'order.voidLine': true,
  'order.changeLine': true,
  'order.setNote': true,
  'order.setType': true,
  'order.setGuest': true,
  'order.applyDiscount': true,
  'order.removeDiscount': true,
  'order.cancel': true,
  'order.confirmCancel': true,
  'order.complete': true,
  'order.refundCash': true,
  'orders.listActive': false,
  'ticket.start': true,
  'ticket.ready': true,
  'ticket.bump': true,
  'ticket.recall': true,
  'ticket.acknowledgeCancel': true,
  'ticket.lineDone': true,
  'ticket.lineUndone': true,
  'menu.availability': false,
  'menu.setAvailability': false,
  'kitchen.routing': false,
  'kitchen.setRouting': false,
  'sync.status': false,
  'sync.now': false,
  'mesh.status': false,
  'diagnostics.get': false,
  'diagnostics.logs': false,
  'windows.access': false,
  'windows.pair': false,
  'windows.revoke': false,
  'deadLetters.replay': false,
  'deadLetters.discard': false,
  'devices.list': false,
  'devices.test': false,
  'devices.config': false,
  'devices.setConfig': false,
  'devices.discover': false,
  'print.jobs': false,
  'print.virtualDocuments': false,
  'print.reprint': false,
  'print.receiptCopy': false,
  'print.acknowledge': false,
  'print.cancel': false,
  'drawer.open': false,
  'payment.startCard': true,
  'payment.cancelCard': true,
  'payment.status': false,
  'payment.attempts': false,
  'payment.splitTender': true,
  'payment.payCashPart': true,
  'payment.refundCard': true,
  'payment.refundsDue': false,
  'payment.refunds': false,
  'payment.offlineQueue': false,
  'payment.followUps': false,
  'payment.resolveFollowUp': true,
  'terminal.info': false,
  'terminal.simulate': false,
  'staff.list': false,
  'staff.signIn': false,
  'staff.signOut': false,
  'staff.current': false,
  'shift.current': false,
  'shift.open': false,
  'shift.preview': false,
  'shift.close': false,
  'shift.report': false,
  'shift.printReport': false,
  'display.show': false,
  'display.current': false,
};

type Run = (role: WindowRole, command: CommandName, args: Record<string, unknown>) => Promise<unknown>;

interface Ctx {
  /** A command that must succeed; answers its value. */
  run: Run;
  /** Resolves with the first push of `name` that matches, registered before the command causing it. */
  pushed<T>(name: string, match: (payload: T) => boolean): Promise<T>;
}

const cashier = (ctx: Ctx, command: CommandName, args: Record<string, unknown> = {}) => ctx.run('cashier', command, args);
const kitchen = (ctx: Ctx, command: CommandName, args: Record<string, unknown>) => ctx.run('kitchen', command, args);
const open = async (ctx: Ctx, ...itemIds: string[]): Promise<OrderView> => {
  let order = (await cashier(ctx, 'order.addLine', { itemId: itemIds[0] ?? 'espresso' })) as OrderView;
  for (const itemId of itemIds.slice(1)) order = (await cashier(ctx, 'order.addLine', { orderId: order.id, itemId })) as OrderView;
  return order;
};
const fired = async (ctx: Ctx): Promise<{ order: OrderView; ticketId: string; lineId: string }> => {
  const order = (await cashier(ctx, 'order.fire', { orderId: (await open(ctx)).id })) as OrderView;
  return { order, ticketId: order.tickets[0]!.ticketId, lineId: order.lines[0]!.lineId };
};
const paid = async (ctx: Ctx): Promise<OrderView> =>
  ((await cashier(ctx, 'order.payCash', { orderId: (await open(ctx)).id, tenderedMinor: 1000 })) as { order: OrderView }).order;
const cardFinished = (ctx: Ctx, state: PaymentAttemptView['state']) =>
  ctx.pushed<PaymentAttemptView>('payment.changed', (a) => a.state === state);

/**
 * For each writing command: `setup` brings an order to where the command applies, `act` issues it
 * and waits for whatever it starts (a card saga) to finish.
 */
type Scenario = (ctx: Ctx) => Promise<() => Promise<unknown>>;
const SCENARIOS: Record<string, Scenario> = {
  'order.open': async (ctx) => () => cashier(ctx, 'order.open'),
  'order.addLine': async (ctx) => () => cashier(ctx, 'order.addLine', { itemId: 'croissant' }),
  'order.addBarcode': async (ctx) => () => cashier(ctx, 'order.addBarcode', { barcode: '4006381333931' }),
  'order.payCash': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.payCash', { orderId: order.id, tenderedMinor: 1000 });
  },
  'order.place': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.place', { orderId: order.id });
  },
  'order.fire': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.fire', { orderId: order.id });
  },
  'order.voidLine': async (ctx) => {
    const order = await open(ctx, 'espresso', 'croissant');
    return () => cashier(ctx, 'order.voidLine', { orderId: order.id, lineId: order.lines[1]!.lineId, reason: 'rung up twice' });
  },
  'order.changeLine': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.changeLine', { orderId: order.id, lineId: order.lines[0]!.lineId, quantity: 2 });
  },
  'order.setNote': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.setNote', { orderId: order.id, note: 'by the window' });
  },
  'order.setType': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.setType', { orderId: order.id, orderType: 'dine_in' });
  },
  'order.setGuest': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.setGuest', { orderId: order.id, tableNumber: '4' });
  },
  'order.applyDiscount': async (ctx) => {
    const order = await open(ctx);
    return () =>
      cashier(ctx, 'order.applyDiscount', {
        orderId: order.id,
        target: { kind: 'order' },
        amount: { kind: 'percent', bp: 1000 },
        reason: 'regular',
      });
  },
  'order.removeDiscount': async (ctx) => {
    const order = await open(ctx);
    const discounted = (await cashier(ctx, 'order.applyDiscount', {
      orderId: order.id,
      target: { kind: 'order' },
      amount: { kind: 'percent', bp: 1000 },
      reason: 'regular',
    })) as OrderView;
    return () => cashier(ctx, 'order.removeDiscount', { orderId: order.id, discountId: discounted.discounts[0]!.discountId });
  },
  'order.cancel': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'order.cancel', { orderId: order.id, reason: 'changed their mind' });
  },
  'order.confirmCancel': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    await kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
    await cashier(ctx, 'order.cancel', { orderId: order.id, reason: 'changed their mind' });
    return () => cashier(ctx, 'order.confirmCancel', { orderId: order.id });
  },
  'order.complete': async (ctx) => {
    const order = await paid(ctx);
    return () => cashier(ctx, 'order.complete', { orderId: order.id });
  },
  'order.refundCash': async (ctx) => {
    const order = await paid(ctx);
    return () => cashier(ctx, 'order.refundCash', { orderId: order.id, amountMinor: 100, reason: 'cold' });
  },
  'ticket.start': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    return () => kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
  },
  'ticket.ready': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    await kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
    return () => kitchen(ctx, 'ticket.ready', { orderId: order.id, ticketId });
  },
  'ticket.bump': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    await kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
    await kitchen(ctx, 'ticket.ready', { orderId: order.id, ticketId });
    return () => kitchen(ctx, 'ticket.bump', { orderId: order.id, ticketId });
  },
  'ticket.recall': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    await kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
    await kitchen(ctx, 'ticket.ready', { orderId: order.id, ticketId });
    await kitchen(ctx, 'ticket.bump', { orderId: order.id, ticketId });
    return () => kitchen(ctx, 'ticket.recall', { orderId: order.id, ticketId });
  },
  'ticket.acknowledgeCancel': async (ctx) => {
    const { order, ticketId } = await fired(ctx);
    await kitchen(ctx, 'ticket.start', { orderId: order.id, ticketId });
    await cashier(ctx, 'order.cancel', { orderId: order.id, reason: 'changed their mind' });
    return () => kitchen(ctx, 'ticket.acknowledgeCancel', { orderId: order.id, ticketId });
  },
  'ticket.lineDone': async (ctx) => {
    const { order, ticketId, lineId } = await fired(ctx);
    return () => kitchen(ctx, 'ticket.lineDone', { orderId: order.id, ticketId, lineId });
  },
  'ticket.lineUndone': async (ctx) => {
    const { order, ticketId, lineId } = await fired(ctx);
    await kitchen(ctx, 'ticket.lineDone', { orderId: order.id, ticketId, lineId });
    return () => kitchen(ctx, 'ticket.lineUndone', { orderId: order.id, ticketId, lineId });
  },
  'payment.splitTender': async (ctx) => {
    const order = await open(ctx);
    return () => cashier(ctx, 'payment.splitTender', { orderId: order.id, partsMinor: [100, order.dueMinor - 100] });
  },
  'payment.payCashPart': async (ctx) => {
    const order = await open(ctx);
    const { parts } = (await cashier(ctx, 'payment.splitTender', { orderId: order.id, partsMinor: [100, order.dueMinor - 100] })) as {
      parts: { partId: string }[];
    };
    return () => cashier(ctx, 'payment.payCashPart', { orderId: order.id, splitPartId: parts[0]!.partId, tenderedMinor: 100 });
  },
  // The card saga's authorize and capture, committed after the command has answered.
  'payment.startCard': async (ctx) => {
    const order = await open(ctx);
    return async () => {
      const approved = cardFinished(ctx, 'approved');
      await cashier(ctx, 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor });
      return approved;
    };
  },
  // A hold released because the cashier cancelled while the card holder was still tapping: PaymentVoided.
  'payment.cancelCard': async (ctx) => {
    const order = await open(ctx);
    await cashier(ctx, 'terminal.simulate', { outcome: 'slow_approve' });
    const attempt = (await cashier(ctx, 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor })) as PaymentAttemptView;
    return async () => {
      const voided = cardFinished(ctx, 'voided');
      await cashier(ctx, 'payment.cancelCard', { attemptId: attempt.attemptId });
      return voided;
    };
  },
  'payment.refundCard': async (ctx) => {
    const order = await open(ctx);
    const approved = cardFinished(ctx, 'approved');
    const attempt = (await cashier(ctx, 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor })) as PaymentAttemptView;
    await approved;
    return async () => {
      const refunded = ctx.pushed<RefundAttemptView>('payment.refundChanged', (r) => r.state === 'refunded');
      await cashier(ctx, 'payment.refundCard', { orderId: order.id, paymentId: attempt.attemptId, amountMinor: 100, reason: 'cold' });
      return refunded;
    };
  },
  // A payment approved offline, declined when forwarded, then marked resolved by a manager.
  'payment.resolveFollowUp': async (ctx) => {
    const order = await open(ctx);
    await cashier(ctx, 'terminal.simulate', { gateway: 'down', forwardOutcome: 'decline' });
    const approvedOffline = cardFinished(ctx, 'offline_approved');
    const attempt = (await cashier(ctx, 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor })) as PaymentAttemptView;
    await approvedOffline;
    await cashier(ctx, 'terminal.simulate', { gateway: 'up' });
    await vi.waitFor(async () => {
      const { items } = (await cashier(ctx, 'payment.followUps', {})) as { items: { paymentId: string }[] };
      expect(items.map((i) => i.paymentId)).toContain(attempt.attemptId);
    });
    await cashier(ctx, 'terminal.simulate', { forwardOutcome: 'accept' });
    return () => cashier(ctx, 'payment.resolveFollowUp', { paymentId: attempt.attemptId, note: 'Paid cash next day' });
  },
};

/** Card saga outcomes no command above produces: each is a write of its own, after the command answered. */
const SAGA_SCENARIOS: Record<string, Scenario> = {
  'a declined card (PaymentFailed)': async (ctx) => {
    const order = await open(ctx);
    await cashier(ctx, 'terminal.simulate', { outcome: 'decline' });
    return async () => {
      const declined = cardFinished(ctx, 'declined');
      await cashier(ctx, 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor });
      return declined;
    };
  },
};

describe('every write reaches sync without waiting for the poll', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  let ctx: Ctx;
  /** The last event of every committed local write, and the station's newest own seq at each kick. */
  const writes: { types: string[]; lastSeq: number }[] = [];
  const kickedAt = new Set<number>();

  beforeAll(async () => {
    dir = tempDir('after-commit');
    // A server that is never reached: sync is not started, so a kick only records that it happened.
    station = await startTestStation(dir.path, {
      stationId: 'station-a',
      server: { url: 'http://127.0.0.1:9', token: 'station-a-secret-0123456789' },
    });
    const { store, sync } = station;
    vi.spyOn(sync!, 'kick').mockImplementation(() => void kickedAt.add(store.lastOwnSeq));
    // Who wrote is not the store's business: watching its write method sees every writer alike.
    const write = store.write.bind(store);
    vi.spyOn(store, 'write').mockImplementation((...args: Parameters<typeof store.write>): WriteResult => {
      const result = write(...args);
      if (result.ok && result.events.length > 0)
        writes.push({ types: result.events.map((e) => e.type), lastSeq: result.events.at(-1)!.seq });
      return result;
    });
    let request = 0;
    ctx = {
      run: async (role, command, args) => {
        const result = await station.dispatch(role, command, args, `r${++request}`);
        if (!result.ok) throw new Error(`${command}: ${result.error.code} ${result.error.message}`);
        return result.value;
      },
      pushed: <T>(name: string, match: (payload: T) => boolean) =>
        new Promise<T>((resolve) => {
          const off = station.onPush((event, payload) => {
            if (event === name && match(payload as T)) {
              off();
              resolve(payload as T);
            }
          });
        }),
    };
  });
  afterAll(async () => {
    await station.stop();
    dir.remove();
  });

  /** Runs the scenario; answers the event types the command under test wrote. */
  async function exercise(scenario: Scenario): Promise<string[]> {
    const act = await scenario(ctx);
    const before = writes.length;
    await act();
    const written = writes.slice(before);
    // Every write, the setup's too, was followed by a kick once it had committed.
    for (const w of writes) expect(kickedAt, `kick after ${w.types.join(', ')}`).toContain(w.lastSeq);
    return written.flatMap((w) => w.types);
  }

  it('lists every command of the contract, and a scenario for every one that writes', () => {
    expect(Object.keys(WRITES_EVENTS).sort()).toEqual([...COMMAND_NAMES].sort());
    const writing = COMMAND_NAMES.filter((command) => WRITES_EVENTS[command]);
    expect(Object.keys(SCENARIOS).sort()).toEqual([...writing].sort());
  });

  it.each(Object.keys(SCENARIOS))(
    '%s',
    async (command) => {
      const types = await exercise(SCENARIOS[command]!);
      expect(types.length).toBeGreaterThan(0);
      if (command === 'payment.splitTender') expect(types).toEqual(['TenderSplit']);
      if (command === 'payment.startCard') expect(types).toEqual(expect.arrayContaining(['PaymentAuthorized', 'PaymentCaptured']));
      if (command === 'payment.cancelCard') expect(types).toEqual(expect.arrayContaining(['PaymentVoided']));
    },
    30_000,
  );

  it.each(Object.keys(SAGA_SCENARIOS))('%s', async (name) => {
    expect(await exercise(SAGA_SCENARIOS[name]!)).toEqual(['PaymentFailed']);
  });
});
