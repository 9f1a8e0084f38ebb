import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../drivers/escpos/escpos-decoder.js';
import { ManualClock } from '../../../shared/clock.js';
import type { ShiftReportView, ShiftView, StaffSessionView } from '../../../shared/ipc/commands/staff.js';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import { testStaff } from './test-staff.js';

let dir: ReturnType<typeof tempDir>;
let clock: ManualClock;
let station: Station;
let requests = 0;

const start = () => startTestStation(dir.path, { stationId: 'station-till' }, { clock, staff: testStaff() });
const call = (command: string, args: unknown = {}) => station.dispatch('cashier', command, args, `req-${++requests}`);
async function value<T>(result: Promise<IpcResult<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value as T;
}
const printedText = (key: string) => {
  const job = station.devices.queue.jobs().find((j) => j.idempotencyKey === key);
  if (!job) throw new Error(`no print job ${key}`);
  return decodeEscPos(job.bytes).lines.join('\n');
};

beforeEach(async () => {
  dir = tempDir('staff-station');
  clock = new ManualClock(1_800_000_000_000);
  station = await start();
});
afterEach(async () => {
  await station.stop();
  dir.remove();
});

describe('a station with staff sign-in required', () => {
  it('refuses selling, cash and shifts until someone signs in, and cash until a shift is open', async () => {
    expect(await call('order.addLine', { itemId: 'espresso' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await call('shift.open', { floatMinor: 0 })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    // Reads and the sign-in itself stay open.
    expect(await value<{ staff: unknown[] }>(call('staff.list'))).toEqual({
      staff: [
        { id: 'alex', name: 'Alex', role: 'cashier' },
        { id: 'sam', name: 'Sam', role: 'cashier' },
        { id: 'morgan', name: 'Morgan', role: 'manager' },
      ],
    });
    expect((await call('orders.listActive')).ok).toBe(true);
    expect(await call('staff.signIn', { pin: '12' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const pushes: string[] = [];
    station.onPush((name) => pushes.push(name));
    await value(call('staff.signIn', { pin: '1111' }));
    expect(pushes).toContain('staff.changed');
    const order = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    // The event is written as the person at the till, not the station.
    expect(station.store.orderEvents(order.id).map((e) => e.actor)).toEqual([
      { kind: 'staff', id: 'alex' },
      { kind: 'staff', id: 'alex' },
    ]);
    expect(await call('order.payCash', { orderId: order.id, tenderedMinor: 500 })).toMatchObject({
      ok: false,
      error: { code: 'no_open_shift' },
    });
    expect(await call('drawer.open', { reason: 'no-sale' })).toMatchObject({ ok: false, error: { code: 'no_open_shift' } });
    await value(call('shift.open', { floatMinor: 10_000 }));
    expect(pushes).toContain('shift.changed');
    expect(await call('shift.open', { floatMinor: 10_000 })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect((await call('order.payCash', { orderId: order.id, tenderedMinor: 500 })).ok).toBe(true);

    await value(call('staff.signOut'));
    expect(await call('order.addLine', { itemId: 'espresso' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('needs a manager to void a fired line, refund or cancel a paid order, and records who approved', async () => {
    await value(call('staff.signIn', { pin: '1111' }));
    await value(call('shift.open', { floatMinor: 0 }));
    const draft = await value<OrderView>(call('order.addLine', { itemId: 'club-sandwich' }));
    const unfired = await value<OrderView>(call('order.addLine', { orderId: draft.id, itemId: 'croissant' }));
    // A line the kitchen has not seen is voided without asking.
    const croissant = unfired.lines.find((l) => l.itemId === 'croissant')!;
    expect((await call('order.voidLine', { orderId: draft.id, lineId: croissant.lineId, reason: 'misrang' })).ok).toBe(true);
    const fired = await value<OrderView>(call('order.fire', { orderId: draft.id }));
    const sandwich = fired.lines.find((l) => l.itemId === 'club-sandwich')!;
    const voidArgs = { orderId: draft.id, lineId: sandwich.lineId, reason: 'customer changed mind' };
    expect(await call('order.voidLine', voidArgs)).toMatchObject({ ok: false, error: { code: 'approval_required' } });
    expect(await call('order.voidLine', { ...voidArgs, managerPin: '2222' })).toMatchObject({
      ok: false,
      error: { code: 'approval_denied' },
    });
    // A free-text approvedBy is no approval where staff are configured.
    expect(await call('order.voidLine', { ...voidArgs, approvedBy: 'morgan' })).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    const afterVoid = await value<OrderView>(call('order.voidLine', { ...voidArgs, managerPin: '9999' }));
    const voids = station.store.orderEvents(draft.id).filter((e) => e.type === 'LineVoided');
    // The reason stays as typed; the approving manager is a field of its own, and the void nobody had to approve has none.
    expect(voids.map((e) => e.payload)).toEqual([
      { lineId: croissant.lineId, reason: 'misrang' },
      { lineId: sandwich.lineId, reason: 'customer changed mind', approvedBy: 'morgan' },
    ]);
    expect(voids.at(-1)!.actor).toEqual({ kind: 'staff', id: 'alex' });
    expect(afterVoid.voidedLines.find((l) => l.lineId === sandwich.lineId)).toMatchObject({
      reason: 'customer changed mind',
      voidedBy: { kind: 'staff', id: 'alex' },
      approvedBy: 'morgan',
    });

    const paid = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    await value(call('order.payCash', { orderId: paid.id, tenderedMinor: 250 }));
    expect(await call('order.refundCash', { orderId: paid.id, amountMinor: 100, reason: 'cold' })).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    expect(await call('order.cancel', { orderId: paid.id, reason: 'wrong order' })).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    // A manager signed in still types the PIN for each approval: an unattended till approves nothing.
    await value(call('staff.signIn', { pin: '9999' }));
    expect(await call('order.refundCash', { orderId: paid.id, amountMinor: 100, reason: 'cold' })).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    const refunded = await value<OrderView>(
      call('order.refundCash', { orderId: paid.id, amountMinor: 100, reason: 'cold', managerPin: '9999' }),
    );
    const refund = station.store.orderEvents(paid.id).find((e) => e.type === 'PaymentRefunded')!;
    expect(refund).toMatchObject({
      actor: { kind: 'staff', id: 'morgan' },
      payload: { amountMinor: 100, reason: 'cold', approvedBy: 'morgan' },
    });
    expect(refunded.refunds).toMatchObject([
      { amountMinor: 100, reason: 'cold', refundedBy: { kind: 'staff', id: 'morgan' }, approvedBy: 'morgan' },
    ]);
    // Cancelling the order that still holds 1.50 is approved by the manager's PIN, typed again.
    expect(await call('order.cancel', { orderId: paid.id, reason: 'wrong order' })).toMatchObject({
      ok: false,
      error: { code: 'approval_required' },
    });
    const cancelled = await value<OrderView>(call('order.cancel', { orderId: paid.id, reason: 'wrong order', managerPin: '9999' }));
    expect(cancelled.cancellation).toEqual({
      reason: 'wrong order',
      requestedBy: { kind: 'staff', id: 'morgan' },
      requestedAt: expect.any(String),
      approvedBy: 'morgan',
    });
    // An order that took no money is cancelled without a manager.
    await value(call('staff.signIn', { pin: '2222' }));
    const unpaid = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    const walkedOut = await value<OrderView>(call('order.cancel', { orderId: unpaid.id, reason: 'walked out' }));
    expect(walkedOut.cancellation).toEqual({
      reason: 'walked out',
      requestedBy: { kind: 'staff', id: 'sam' },
      requestedAt: expect.any(String),
    });
  });

  it('closes a shift with an over/short count into a Z report, printed once, reprinted on request', async () => {
    await value(call('staff.signIn', { pin: '1111' }));
    const shift = await value<ShiftView>(call('shift.open', { floatMinor: 10_000 }));
    clock.advance(60_000);
    // Order 1: espresso 2.50, paid with 5.00 (change 2.50). Order 2: croissant 2.20 + club sandwich
    // 8.90, the fired sandwich voided with a manager's PIN, 2.20 paid with 10.00 (change 7.80).
    const first = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    await value(call('order.payCash', { orderId: first.id, tenderedMinor: 500 }));
    const second = await value<OrderView>(call('order.addLine', { itemId: 'croissant' }));
    const withSandwich = await value<OrderView>(call('order.addLine', { orderId: second.id, itemId: 'club-sandwich' }));
    await value(call('order.fire', { orderId: second.id }));
    const sandwich = withSandwich.lines.find((l) => l.itemId === 'club-sandwich')!;
    await value(call('order.voidLine', { orderId: second.id, lineId: sandwich.lineId, reason: 'burnt', managerPin: '9999' }));
    await value(call('order.payCash', { orderId: second.id, tenderedMinor: 1_000 }));
    // 1.00 back in cash on the espresso, approved by the manager's PIN.
    await value(call('order.refundCash', { orderId: first.id, amountMinor: 100, reason: 'cold', managerPin: '9999' }));
    clock.advance(60_000);

    // Expected: float 100.00 + 2.50 + 2.20 − 1.00 = 103.70. Counted 103.00: 0.70 short.
    const preview = await value<ShiftReportView>(call('shift.preview', { countedMinor: 10_300 }));
    expect(preview).toMatchObject({ kind: 'x', expectedCashMinor: 10_370, overShortMinor: -70 });
    const x = await value<ShiftReportView>(call('shift.report'));
    expect(x).toMatchObject({ kind: 'x', expectedCashMinor: 10_370, countedCashMinor: null });
    const xPaper = printedText(`shift-report:${shift.shiftId}:x:${x.asOf}`);
    expect(xPaper).toMatch(/^X REPORT\nshift still open$/m);
    expect(xPaper).not.toMatch(/Counted cash/);

    const z = await value<ShiftReportView>(call('shift.close', { countedMinor: 10_300, note: 'coin jar' }));
    expect(z).toEqual({
      kind: 'z',
      shiftId: shift.shiftId,
      stationId: 'station-till',
      currency: 'EUR',
      openedBy: { id: 'alex', name: 'Alex', role: 'cashier' },
      openedAt: shift.openedAt,
      closedBy: { id: 'alex', name: 'Alex', role: 'cashier' },
      asOf: shift.openedAt + 120_000,
      orderCount: 2,
      grossSalesMinor: 470,
      discountsMinor: 0,
      // VAT inside the prices: 2.50 × 20/120 = 0.42 on the espresso, 2.20 × 10/110 = 0.20 on the croissant.
      taxMinor: 62,
      netSalesMinor: 470,
      cashTakenMinor: 470,
      cardTakenMinor: 0,
      otherTakenMinor: 0,
      tipsMinor: 0,
      changeGivenMinor: 250 + 780,
      refundsMinor: 100,
      cashRefundsMinor: 100,
      refundCount: 1,
      voidCount: 1,
      floatMinor: 10_000,
      expectedCashMinor: 10_370,
      countedCashMinor: 10_300,
      overShortMinor: -70,
      note: 'coin jar',
    });
    // Printed once through the durable queue on the receipt route, in the report layout.
    const zJob = station.devices.queue.jobs().find((j) => j.idempotencyKey === `shift-report:${shift.shiftId}:z`)!;
    expect(zJob).toMatchObject({ kind: 'receipt', route: 'receipt', document: { report: { title: 'Z REPORT' } } });
    const paper = printedText(`shift-report:${shift.shiftId}:z`);
    expect(paper).toMatch(/^Z REPORT\nshift closed$/m);
    expect(paper).toMatch(/^Closed +\d{4}-\d\d-\d\d \d\d:\d\d Alex$/m);
    expect(paper).toMatch(/^Expected cash +103\.70$/m);
    expect(paper).toMatch(/^Counted cash +103\.00$/m);
    expect(paper).toMatch(/^Over\/short +-0\.70 SHORT$/m);
    expect(paper).toMatch(/^Voided lines +1$/m);
    expect(paper).toMatch(/^Note: coin jar$/m);

    // Closed: no cash without a new shift; closing again is refused; the Z report reprints as a copy.
    expect(await call('shift.current')).toEqual({ ok: true, value: null });
    expect(await call('shift.close', { countedMinor: 0 })).toMatchObject({ ok: false, error: { code: 'no_open_shift' } });
    const third = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    expect(await call('order.payCash', { orderId: third.id, tenderedMinor: 250 })).toMatchObject({
      ok: false,
      error: { code: 'no_open_shift' },
    });
    const zJobs = () => station.devices.queue.jobs().filter((j) => j.idempotencyKey.startsWith(`shift-report:${shift.shiftId}:z`));
    expect(zJobs()).toHaveLength(1);
    clock.advance(1_000);
    expect(await value<ShiftReportView>(call('shift.printReport', { shiftId: shift.shiftId, kind: 'z' }))).toEqual(z);
    expect(zJobs()).toHaveLength(2);
    expect(decodeEscPos(zJobs().find((j) => j.idempotencyKey.includes(':reprint:'))!.bytes).lines.join('\n')).toContain('REPRINT');
    expect(await call('shift.printReport', { shiftId: shift.shiftId, kind: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('keeps who is signed in and the open shift across a restart', async () => {
    await value(call('staff.signIn', { staffId: 'sam', pin: '2222' }));
    const shift = await value<ShiftView>(call('shift.open', { floatMinor: 5_000 }));
    await station.stop();
    station = await start();
    expect(await value<StaffSessionView>(call('staff.current'))).toMatchObject({ requireSignIn: true, signedIn: { id: 'sam' } });
    expect(await value<ShiftView>(call('shift.current'))).toEqual(shift);
  });
});

describe('a station without staff', () => {
  it('sells as before, needs nobody signed in and no shift for cash', async () => {
    await station.stop();
    station = await startTestStation(dir.path, { stationId: 'station-open' }, { clock });
    expect(await value(call('staff.current'))).toEqual({ requireSignIn: false, signedIn: null, signedInAt: null });
    const order = await value<OrderView>(call('order.addLine', { itemId: 'espresso' }));
    expect((await call('order.payCash', { orderId: order.id, tenderedMinor: 250 })).ok).toBe(true);
    expect(station.store.orderEvents(order.id)[0]!.actor).toEqual({ kind: 'device', id: 'station-open' });
    expect((await call('order.refundCash', { orderId: order.id, amountMinor: 50, reason: 'cold' })).ok).toBe(true);
    expect(station.store.orderEvents(order.id).find((e) => e.type === 'PaymentRefunded')!.payload).not.toHaveProperty('approvedBy');
    // Without staff, the name typed into the void dialog is what the event records as the approver.
    const fired = await value<OrderView>(
      call('order.fire', { orderId: (await value<OrderView>(call('order.addLine', { itemId: 'club-sandwich' }))).id }),
    );
    const sandwich = fired.lines[0]!;
    const voided = await value<OrderView>(
      call('order.voidLine', { orderId: fired.id, lineId: sandwich.lineId, reason: 'burnt', approvedBy: 'Kim' }),
    );
    expect(voided.voidedLines).toMatchObject([{ reason: 'burnt', voidedBy: { kind: 'device', id: 'station-open' }, approvedBy: 'Kim' }]);
    expect(await call('shift.open', { floatMinor: 0 })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await call('staff.signIn', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
