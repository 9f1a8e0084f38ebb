import type { ShiftReportView } from '../../../shared/ipc/commands/staff.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import type { AppThunk } from '../store/root-reducer.js';
import { shiftChanged } from '../store/staff-slice.js';

/** The shift panel's one alert source: a newer problem replaces the older one. */
export const SHIFT_NOTICE = 'shift';

/** Opens the shift with the counted float; resolves whether it opened (a refusal becomes the alert). */
export function openShift(floatMinor: number): AppThunk<Promise<boolean>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('shift.open', { floatMinor });
    if (result.ok) {
      dispatch(noticeDismissed(SHIFT_NOTICE));
      dispatch(shiftChanged(result.value));
      return true;
    }
    dispatch(
      noticeShown({
        key: SHIFT_NOTICE,
        severity: 'error',
        code: result.error.code,
        message: `Could not open the shift: ${result.error.message}`,
      }),
    );
    return false;
  };
}

/** The mid-shift X report (printed by the core); null when it failed, which the alert says. */
export function printXReport(): AppThunk<Promise<ShiftReportView | null>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('shift.report', {});
    if (result.ok) {
      dispatch(noticeDismissed(SHIFT_NOTICE));
      return result.value;
    }
    dispatch(
      noticeShown({ key: SHIFT_NOTICE, severity: 'error', code: result.error.code, message: `X report failed: ${result.error.message}` }),
    );
    return null;
  };
}

/** A copy of a closed shift's Z report, marked REPRINT by the core. */
export function reprintZReport(shiftId: string): AppThunk<Promise<void>> {
  return async (dispatch, _getState, { bridge }) => {
    const result = await bridge.invoke('shift.printReport', { shiftId, kind: 'z' });
    if (result.ok)
      dispatch(noticeShown({ key: SHIFT_NOTICE, severity: 'info', message: 'Z report sent to the printer again (marked REPRINT)' }));
    else
      dispatch(
        noticeShown({ key: SHIFT_NOTICE, severity: 'error', code: result.error.code, message: `Reprint failed: ${result.error.message}` }),
      );
  };
}
