import { configureStore } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import type { ShiftView } from '../../../shared/ipc/commands/staff.js';
import { reprintReceipt } from '../cashier/tender/receipt-thunks.js';
import { rootReducer, type StoreExtra } from '../store/root-reducer.js';
import { ScriptedBridge } from '../testing/scripted-bridge.js';
import { openShift, printXReport } from './shift-thunks.js';

const alex = { id: 'alex', name: 'Alex', role: 'cashier' as const };
const shift: ShiftView = {
  shiftId: 's-1',
  stationId: 'station-1',
  status: 'open',
  openedBy: alex,
  openedAt: 1,
  floatMinor: 10_000,
  closedBy: null,
  closedAt: null,
  countedCashMinor: null,
};

function storeOn(bridge: ScriptedBridge) {
  const extra: StoreExtra = { bridge, window: 'cashier' };
  return configureStore({ reducer: rootReducer, middleware: (m) => m({ thunk: { extraArgument: extra } }) });
}

describe('shift thunks', () => {
  it('opens the shift into the store; a refusal becomes the shift alert', async () => {
    const opened = storeOn(new ScriptedBridge().handle('shift.open', () => ({ ok: true, value: shift })));
    expect(await opened.dispatch(openShift(10_000))).toBe(true);
    expect(opened.getState().staff.shift).toEqual(shift);

    const refused = storeOn(
      new ScriptedBridge().handle('shift.open', () => ({
        ok: false,
        error: { code: 'invalid_state', message: 'A shift is already open' },
      })),
    );
    expect(await refused.dispatch(openShift(10_000))).toBe(false);
    expect(refused.getState().notices).toEqual([
      { key: 'shift', severity: 'error', code: 'invalid_state', message: 'Could not open the shift: A shift is already open' },
    ]);
  });

  it('an X report that fails says so and returns nothing', async () => {
    const store = storeOn(new ScriptedBridge());
    expect(await store.dispatch(printXReport())).toBeNull();
    expect(store.getState().notices[0]?.message).toMatch(/^X report failed: /);
  });
});

describe('reprintReceipt', () => {
  it('asks the core for a COPY of the order as it stands, and passes on why there is none', async () => {
    const job = {
      id: 'copy-1',
      kind: 'receipt' as const,
      printerId: 'receipt',
      route: 'receipt',
      state: 'queued' as const,
      attempts: 0,
      reprintOf: null,
      orderId: 'o-1',
      lastError: null,
      createdAt: 1,
      updatedAt: 1,
      doneAt: null,
    };
    const bridge = new ScriptedBridge().handle('print.receiptCopy', ({ orderId }) =>
      orderId === 'o-1'
        ? { ok: true, value: job }
        : { ok: false, error: { code: 'invalid_state', message: 'No payment was taken for this order yet, so it has no receipt' } },
    );
    const store = storeOn(bridge);
    expect(await store.dispatch(reprintReceipt('o-1'))).toBe('Receipt copy sent to the printer');
    expect(await store.dispatch(reprintReceipt('o-2'))).toBe('No payment was taken for this order yet, so it has no receipt');
    expect(bridge.callsOf('print.receiptCopy')).toEqual([{ orderId: 'o-1' }, { orderId: 'o-2' }]);
  });
});
