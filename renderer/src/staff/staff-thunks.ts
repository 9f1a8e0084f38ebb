import type { StaffView } from '../../../shared/ipc/commands/staff.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import type { AppThunk } from '../store/root-reducer.js';
import { sessionChanged, shiftChanged } from '../store/staff-slice.js';

export function loadStaffSession(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('staff.current', {});
    if (result.ok) {
      dispatch(sessionChanged(result.value));
      dispatch(noticeDismissed('staff-load'));
    } else {
      dispatch(
        noticeShown({
          key: 'staff-load',
          severity: 'error',
          code: result.error.code,
          message: `Could not check who is signed in: ${result.error.message}`,
        }),
      );
    }
  };
}

/** The shift needs someone signed in where sign-in is required; until then it is simply unknown. */
export function loadShift(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('shift.current', {});
    if (result.ok) dispatch(shiftChanged(result.value));
    else if (result.error.code !== 'not_signed_in') {
      dispatch(
        noticeShown({
          key: 'shift',
          severity: 'error',
          code: result.error.code,
          message: `Could not load the shift: ${result.error.message}`,
        }),
      );
    }
  };
}

/**
 * Resolves true when signed in; a refusal (wrong PIN, lockout) becomes the window's alert. With a
 * chosen person only their PIN is checked; without, the PIN alone must identify someone.
 */
export function signIn(pin: string, staffId?: string): AppThunk<Promise<boolean>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('staff.signIn', { pin, ...(staffId !== undefined ? { staffId } : {}) });
    if (!result.ok) {
      dispatch(noticeShown({ key: 'staff', severity: 'error', code: result.error.code, message: result.error.message }));
      return false;
    }
    dispatch(noticeDismissed('staff'));
    dispatch(sessionChanged(result.value));
    await dispatch(loadShift());
    return true;
  };
}

export function signOut(): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('staff.signOut', {});
    if (result.ok) dispatch(sessionChanged(result.value));
    else
      dispatch(
        noticeShown({ key: 'staff', severity: 'error', code: result.error.code, message: `Could not sign out: ${result.error.message}` }),
      );
  };
}

/** Who may sign in here, for the name buttons; without it the PIN alone still works. */
export function loadStaffList(): AppThunk<Promise<StaffView[]>> {
  return async (_dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('staff.list', {});
    return result.ok ? result.value.staff : [];
  };
}
