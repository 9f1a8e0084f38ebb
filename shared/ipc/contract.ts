import { z } from 'zod';
import { OrderView } from '../order-view.js';
import type { CommandName } from './command-names.js';
import { WindowRole, type CommandSpec } from './command-spec.js';
import { deviceCommands } from './commands/devices.js';
import { diagnosticsCommands } from './commands/diagnostics.js';
import { CustomerFacingView, displayCommands } from './commands/display.js';
import { KitchenRoutingView, kitchenCommands } from './commands/kitchen.js';
import { AvailabilityView, menuCommands } from './commands/menu.js';
import { CatalogView, orderCommands } from './commands/orders.js';
import { PaymentAttemptView, RefundAttemptView, paymentCommands } from './commands/payments.js';
import { ShiftView, StaffSessionView, staffCommands } from './commands/staff.js';
import { windowCommands } from './commands/windows.js';
import { DeviceStatusView, PrintJobView } from './devices.js';
import { MeshStatusView, SyncStatusView } from './diagnostics.js';
import { OfflineQueueView } from './offline-payments.js';
import type { Result } from '../result.js';

export { WindowRole };

/**
 * Every command a window can send to the station core, with its arguments, result and callers,
 * assembled from one module per area. `command-names.ts` must list exactly these names.
 */
export const commands = {
  ...orderCommands,
  ...kitchenCommands,
  ...menuCommands,
  ...diagnosticsCommands,
  ...deviceCommands,
  ...paymentCommands,
  ...staffCommands,
  ...displayCommands,
  ...windowCommands,
} as const satisfies { readonly [K in CommandName]: CommandSpec };

/** Compile-time check the other way round: no module defines a command missing from COMMAND_NAMES. */
type UnlistedCommand = Exclude<keyof typeof commands, CommandName>;
type AssertNone<T extends never> = T;
type _EveryCommandIsListed = AssertNone<UnlistedCommand>;

export type { CommandName };
export type CommandArgs<K extends CommandName> = z.input<(typeof commands)[K]['args']>;
export type ParsedArgs<K extends CommandName> = z.output<(typeof commands)[K]['args']>;
export type CommandResult<K extends CommandName> = z.output<(typeof commands)[K]['result']>;

/** Everything the station core pushes to windows without being asked. */
export const pushEvents = {
  'order.changed': { payload: OrderView, roles: ['cashier', 'kitchen', 'customer', 'diagnostics'] },
  'sync.changed': { payload: SyncStatusView, roles: ['cashier', 'kitchen', 'diagnostics'] },
  /** A store-mesh peer connected, dropped or was refused: the banner says which path is down. */
  'mesh.changed': { payload: MeshStatusView, roles: ['cashier', 'kitchen', 'diagnostics'] },
  'devices.changed': { payload: DeviceStatusView, roles: ['cashier', 'kitchen', 'diagnostics'] },
  'print.jobChanged': { payload: PrintJobView, roles: ['cashier', 'diagnostics'] },
  /** A card payment attempt moved (authorizing → capturing → approved, or declined/failed/voided). */
  'payment.changed': { payload: PaymentAttemptView, roles: ['cashier', 'customer'] },
  /** The offline card queue changed (approved offline, forwarded, lost) or the gateway came or went. */
  'payment.offlineQueueChanged': { payload: OfflineQueueView, roles: ['cashier', 'diagnostics'] },
  /** A card refund moved (refunding → refunded, or refused/failed). */
  'payment.refundChanged': { payload: RefundAttemptView, roles: ['cashier'] },
  /** Someone signed in or out at the till. */
  'staff.changed': { payload: StaffSessionView, roles: ['cashier'] },
  /** The station's shift opened or closed (null: no open shift). */
  'shift.changed': { payload: ShiftView.nullable(), roles: ['cashier'] },
  /** A new menu arrived: new lines are rung up from these items (lines already rung up keep their prices). */
  'catalog.changed': { payload: CatalogView, roles: ['cashier', 'kitchen', 'customer', 'diagnostics'] },
  /** An item was marked sold out or available, a count was set, or a counted item sold: every till and screen follows. */
  'menu.availabilityChanged': { payload: AvailabilityView, roles: ['cashier', 'kitchen', 'diagnostics'] },
  /** Kitchen routing was changed in settings: screens update their station list and unfired lines. */
  'kitchen.routingChanged': { payload: KitchenRoutingView, roles: ['cashier', 'kitchen', 'diagnostics'] },
  /** The cashier put another order on screen (or none): the customer display follows it. */
  'display.changed': { payload: CustomerFacingView, roles: ['customer'] },
  'scanner.scanned': {
    payload: z.object({ deviceId: z.string(), barcode: z.string().min(1).max(64) }),
    roles: ['cashier'],
  },
} as const satisfies Record<string, { payload: z.ZodType; roles: readonly WindowRole[] }>;

export type PushEventName = keyof typeof pushEvents;
export type PushPayload<K extends PushEventName> = z.output<(typeof pushEvents)[K]['payload']>;

/** Error codes a command can fail with; UIs switch on these, never on messages. */
export const ErrorCode = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'unknown_command',
  'not_found',
  'invalid_state',
  'invalid_barcode',
  'unknown_barcode',
  'insufficient_tender',
  /** The chosen modifiers do not fit the item's groups (missing required choice, unknown option, too many). */
  'invalid_modifiers',
  'too_large',
  'unavailable',
  /** Staff sign-in is required and nobody is signed in at the till. */
  'not_signed_in',
  /** The PIN matched nobody (or not the chosen person). */
  'wrong_pin',
  /** Too many wrong PINs in a row: sign-in is paused for a while. */
  'locked_out',
  /** The action needs a manager: sign in as one or send a manager's PIN. */
  'approval_required',
  /** The PIN sent for approval is not a manager's. */
  'approval_denied',
  /** Cash needs an open shift (drawer session) on this station. */
  'no_open_shift',
  /** The card gateway is unreachable and this card payment is over an offline limit: the message says which. */
  'offline_limit',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const IpcError = z.object({ code: ErrorCode, message: z.string() });
export type IpcError = z.infer<typeof IpcError>;

export type IpcResult<T> = Result<T, IpcError>;

/** The renderer's view of the station core, whichever transport carries it. */
export interface StationBridge {
  invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>>;
  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void;
}
