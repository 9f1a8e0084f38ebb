import { z } from 'zod';
import { MinorUnits } from '../../money.js';
import { command } from '../command-spec.js';

export const StaffRole = z.enum(['cashier', 'manager']);
export type StaffRole = z.infer<typeof StaffRole>;

/** A staff id as configured in station.json ("alex", "m-morgan"). */
export const StaffId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'staff id: lowercase letters, digits, - and _');

/** A PIN as typed at the till: 4 to 8 digits. */
export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/** Who works the till, as windows see them: never the PIN hash. */
export const StaffView = z.object({ id: StaffId, name: z.string().min(1).max(60), role: StaffRole });
export type StaffView = z.infer<typeof StaffView>;

/** The till's session: at most one person is signed in at a time, station-wide. */
export const StaffSessionView = z.object({
  /** False when the station has no staff configured or does not require sign-in. */
  requireSignIn: z.boolean(),
  signedIn: StaffView.nullable(),
  /** ms since the epoch (station clock) when the current person signed in. */
  signedInAt: z.int().nullable(),
  /** The demo team's published PINs (1111, 9999) sign in here: windows show it, as `npm start` prints it. */
  demoPins: z.literal(true).optional(),
});
export type StaffSessionView = z.infer<typeof StaffSessionView>;

/**
 * What a shift's report says. Amounts are integer minor units of `currency`; times are ms since the
 * epoch on the station's clock. `overShortMinor` = counted − expected: positive over, negative short.
 */
export const ShiftReportView = z.object({
  kind: z.enum(['x', 'z']),
  shiftId: z.string().min(1).max(64),
  stationId: z.string(),
  currency: z.string(),
  openedBy: StaffView,
  openedAt: z.int(),
  closedBy: StaffView.nullable(),
  /** For an X report: when it was taken; for a Z report: when the shift closed. */
  asOf: z.int(),
  orderCount: z.int().nonnegative(),
  grossSalesMinor: MinorUnits,
  discountsMinor: MinorUnits,
  taxMinor: MinorUnits,
  netSalesMinor: MinorUnits,
  cashTakenMinor: MinorUnits,
  cardTakenMinor: MinorUnits,
  otherTakenMinor: MinorUnits,
  tipsMinor: MinorUnits,
  changeGivenMinor: MinorUnits,
  refundsMinor: MinorUnits,
  cashRefundsMinor: MinorUnits,
  refundCount: z.int().nonnegative(),
  voidCount: z.int().nonnegative(),
  floatMinor: MinorUnits,
  expectedCashMinor: z.int(),
  countedCashMinor: MinorUnits.nullable(),
  overShortMinor: z.int().nullable(),
  note: z.string().nullable(),
  /**
   * Card payments approved while the gateway was down (amount + tip), present when the shift had any:
   * approved offline in the shift; forwarded (captured) in it; lost in it, declined after the sale or
   * expired; resolved in it (by a manager); outstanding = what the losses in it leave owed to the store, less those resolved.
   */
  offline: z
    .object({
      approvedCount: z.int().nonnegative(),
      approvedMinor: MinorUnits,
      forwardedCount: z.int().nonnegative(),
      forwardedMinor: MinorUnits,
      declinedCount: z.int().nonnegative(),
      declinedMinor: MinorUnits,
      expiredCount: z.int().nonnegative(),
      expiredMinor: MinorUnits,
      /** Losses a manager marked as dealt with during the shift (absent in reports written before the action existed). */
      resolvedCount: z.int().nonnegative().default(0),
      resolvedMinor: MinorUnits.default(0),
      outstandingMinor: MinorUnits,
    })
    .optional(),
});
export type ShiftReportView = z.infer<typeof ShiftReportView>;

/**
 * What closing now would report, and what is still under way: orders open at this counter (drafts,
 * sent tabs, paid orders not handed over) and kitchen tickets still on a screen. The till warns with
 * these counts before the close; it is not refused, the last orders of a night may stay open.
 */
export const ShiftPreviewView = ShiftReportView.extend({
  openOrders: z.int().nonnegative(),
  liveKitchenTickets: z.int().nonnegative(),
});
export type ShiftPreviewView = z.infer<typeof ShiftPreviewView>;

export const ShiftView = z.object({
  shiftId: z.string().min(1).max(64),
  stationId: z.string(),
  status: z.enum(['open', 'closed']),
  openedBy: StaffView,
  openedAt: z.int(),
  floatMinor: MinorUnits,
  closedBy: StaffView.nullable(),
  closedAt: z.int().nullable(),
  countedCashMinor: MinorUnits.nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

const NoArgs = z.object({}).strict();

/** Staff sign-in and cash-drawer shifts of the cashier window. */
export const staffCommands = {
  'staff.list': command({ args: NoArgs, result: z.object({ staff: z.array(StaffView) }), roles: ['cashier', 'kitchen', 'customer'] }),
  /**
   * Signs a person in at the till (replacing whoever was signed in). Without `staffId` the PIN alone
   * must identify one person. Five wrong PINs in a row lock sign-in for 30 s (`locked_out`).
   */
  'staff.signIn': command({
    args: z.object({ staffId: StaffId.optional(), pin: Pin }).strict(),
    result: StaffSessionView,
    roles: ['cashier'],
  }),
  'staff.signOut': command({ args: NoArgs, result: StaffSessionView, roles: ['cashier'] }),
  'staff.current': command({ args: NoArgs, result: StaffSessionView, roles: ['cashier'] }),
  /** The station's open shift, or null. */
  'shift.current': command({ args: NoArgs, result: ShiftView.nullable(), roles: ['cashier'] }),
  /** Opens the drawer session with the counted opening float. One open shift per station. */
  'shift.open': command({ args: z.object({ floatMinor: MinorUnits.nonnegative() }).strict(), result: ShiftView, roles: ['cashier'] }),
  /** What closing would report now (expected cash, over/short for a trial count, open work), without closing. */
  'shift.preview': command({
    args: z.object({ countedMinor: MinorUnits.nonnegative().optional() }).strict(),
    result: ShiftPreviewView,
    roles: ['cashier'],
  }),
  /** Closes the open shift with the counted cash; answers the Z report, which is printed once. */
  'shift.close': command({
    args: z.object({ countedMinor: MinorUnits.nonnegative(), note: z.string().trim().min(1).max(200).optional() }).strict(),
    result: ShiftReportView,
    roles: ['cashier'],
  }),
  /** X report of the open shift: printed, the shift stays open. */
  'shift.report': command({ args: NoArgs, result: ShiftReportView, roles: ['cashier'] }),
  /** Prints a shift's report again, marked REPRINT (a Z report of a closed shift, or an X report now). */
  'shift.printReport': command({
    args: z.object({ shiftId: z.string().min(1).max(64), kind: z.enum(['x', 'z']) }).strict(),
    result: ShiftReportView,
    roles: ['cashier'],
  }),
} as const;
