import { configureStore } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import type { CommandName, IpcResult, StationBridge } from '../../../shared/ipc/contract.js';
import { rootReducer, type StoreExtra } from './root-reducer.js';
import { signIn } from '../staff/staff-thunks.js';
import { sessionChanged, tillUnlocked } from './staff-slice.js';

const alex = { id: 'alex', name: 'Alex', role: 'cashier' as const };

function storeWith(answers: Partial<Record<CommandName, IpcResult<unknown>>>) {
  const bridge = {
    invoke: async (command: CommandName) => answers[command] ?? { ok: false, error: { code: 'unknown_command', message: command } },
    on: () => () => {},
  } as unknown as StationBridge;
  const extra: StoreExtra = { bridge, window: 'cashier' };
  return configureStore({ reducer: rootReducer, middleware: (m) => m({ thunk: { extraArgument: extra } }) });
}

describe('staff state', () => {
  it('unlocks the till when signed in or when sign-in is not required, never before the core answered', () => {
    expect(tillUnlocked(null)).toBe(false);
    expect(tillUnlocked({ requireSignIn: true, signedIn: null, signedInAt: null })).toBe(false);
    expect(tillUnlocked({ requireSignIn: true, signedIn: alex, signedInAt: 1 })).toBe(true);
    expect(tillUnlocked({ requireSignIn: false, signedIn: null, signedInAt: null })).toBe(true);
  });

  it('signs in and loads the shift; a wrong PIN becomes the window alert', async () => {
    const ok = storeWith({
      'staff.signIn': { ok: true, value: { requireSignIn: true, signedIn: alex, signedInAt: 5 } },
      'shift.current': { ok: true, value: null },
    });
    expect(await ok.dispatch(signIn('1111'))).toBe(true);
    expect(ok.getState().staff).toEqual({
      session: { requireSignIn: true, signedIn: alex, signedInAt: 5 },
      shift: null,
      shiftLoaded: true,
    });

    const wrong = storeWith({
      'staff.signIn': { ok: false, error: { code: 'wrong_pin', message: 'Wrong PIN (4 tries left before a 30 s pause)' } },
    });
    wrong.dispatch(sessionChanged({ requireSignIn: true, signedIn: null, signedInAt: null }));
    expect(await wrong.dispatch(signIn('0000'))).toBe(false);
    expect(wrong.getState().notices).toEqual([
      { key: 'staff', severity: 'error', code: 'wrong_pin', message: 'Wrong PIN (4 tries left before a 30 s pause)' },
    ]);
    expect(wrong.getState().staff.session?.signedIn).toBeNull();
  });
});
