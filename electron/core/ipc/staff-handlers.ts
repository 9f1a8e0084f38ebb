import type { CommandName } from '../../../shared/ipc/contract.js';
import type { ShiftService } from '../shifts/shift-service.js';
import type { StaffSessions } from '../staff/staff-session.js';
import type { CommandHandlers } from './handlers.js';

export type StaffCommand = Extract<CommandName, `staff.${string}` | `shift.${string}`>;

/** Without staff configured: nobody can sign in and the till needs no one. */
const NO_STAFF_SESSION = { requireSignIn: false, signedIn: null, signedInAt: null } as const;

/** Sign-in at the till and cash drawer shifts. `staff` is undefined on a station without staff configured. */
export function createStaffHandlers(staff: StaffSessions | undefined, shifts: ShiftService): Pick<CommandHandlers, StaffCommand> {
  return {
    'staff.list': () => ({ ok: true, value: { staff: staff?.list() ?? [] } }),
    'staff.signIn': ({ staffId, pin }) =>
      staff
        ? staff.signIn(pin, staffId)
        : { ok: false, error: { code: 'unavailable', message: 'No staff are configured on this station' } },
    'staff.signOut': () => ({ ok: true, value: staff?.signOut() ?? NO_STAFF_SESSION }),
    'staff.current': () => ({ ok: true, value: staff?.current() ?? NO_STAFF_SESSION }),
    'shift.current': () => ({ ok: true, value: shifts.current() }),
    'shift.open': ({ floatMinor }) => shifts.open(floatMinor),
    'shift.preview': ({ countedMinor }) => shifts.preview(countedMinor),
    'shift.close': ({ countedMinor, note }) => shifts.close(countedMinor, note),
    'shift.report': () => shifts.xReport(),
    'shift.printReport': ({ shiftId, kind }) => shifts.print(shiftId, kind),
  };
}
