import { z } from 'zod';
import { CatalogItem, CatalogItemId } from '../catalog.js';
import { OrderId, OrderType } from '../events.js';
import { MinorUnits } from '../money.js';
import { OrderView } from '../order-view.js';
import type { CommandName } from './command-names.js';
import { DeviceStatusView, DeviceTestView, DiscoveredDeviceView, DrawerKickView, PrintJobView } from './devices.js';
import { DiagnosticsView, SyncStatusView } from './diagnostics.js';

const DeviceIdArg = z.string().min(1).max(40);
const JobIdArg = z.object({ jobId: z.string().min(1).max(64) }).strict();

/** Who a window is. The station core decides what each role may call. */
export const WindowRole = z.enum(['cashier', 'kitchen']);
export type WindowRole = z.infer<typeof WindowRole>;

function command<A extends z.ZodType, R extends z.ZodType>(spec: { args: A; result: R; roles: readonly WindowRole[] }) {
  return spec;
}

/** Every command a window can send to the station core, with its arguments, result and callers. */
export const commands = {
  'catalog.list': command({
    args: z.object({}).strict(),
    result: z.object({ items: z.array(CatalogItem) }),
    roles: ['cashier', 'kitchen'],
  }),
  'order.open': command({
    args: z.object({ orderType: OrderType.default('takeout') }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /**
   * Without `orderId`, opens a new order (of `orderType`) and adds the line in one transaction, so a
   * refused first item leaves no empty order behind.
   */
  'order.addLine': command({
    args: z
      .object({
        orderId: OrderId.optional(),
        orderType: OrderType.default('takeout'),
        itemId: CatalogItemId,
        quantity: z.int().min(1).max(999).default(1),
      })
      .strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  /** Typed or scanned code: validated (check digit) and looked up by the core. Opens an order like addLine. */
  'order.addBarcode': command({
    args: z.object({ orderId: OrderId.optional(), orderType: OrderType.default('takeout'), barcode: z.string().min(1).max(64) }).strict(),
    result: OrderView,
    roles: ['cashier'],
  }),
  'order.payCash': command({
    args: z.object({ orderId: OrderId, tenderedMinor: MinorUnits.positive() }).strict(),
    result: z.object({ order: OrderView, changeMinor: MinorUnits }),
    roles: ['cashier'],
  }),
  'orders.listActive': command({
    args: z.object({}).strict(),
    result: z.object({ orders: z.array(OrderView) }),
    roles: ['cashier', 'kitchen'],
  }),
  /** Null when the station has no central server configured. */
  'sync.status': command({ args: z.object({}).strict(), result: SyncStatusView.nullable(), roles: ['cashier', 'kitchen'] }),
  /** A person asked to sync now: runs a round at once, ignoring any backoff. */
  'sync.now': command({
    args: z.object({}).strict(),
    result: z.object({ pushed: z.int(), pulled: z.int(), deadLettered: z.int() }),
    roles: ['cashier'],
  }),
  'diagnostics.get': command({ args: z.object({}).strict(), result: DiagnosticsView, roles: ['cashier'] }),
  'deadLetters.replay': command({
    args: z.object({ eventId: z.string().min(1).max(64) }).strict(),
    result: z.object({ replayed: z.literal(true) }),
    roles: ['cashier'],
  }),
  'deadLetters.discard': command({
    args: z.object({ eventId: z.string().min(1).max(64) }).strict(),
    result: z.object({ discarded: z.literal(true) }),
    roles: ['cashier'],
  }),
  'devices.list': command({ args: z.object({}).strict(), result: z.object({ devices: z.array(DeviceStatusView) }), roles: ['cashier', 'kitchen'] }),
  /** Test print, drawer pulse, display text or wait for a scan, depending on the device. */
  'devices.test': command({ args: z.object({ deviceId: DeviceIdArg }).strict(), result: DeviceTestView, roles: ['cashier'] }),
  'devices.discover': command({
    args: z.object({}).strict(),
    result: z.object({ devices: z.array(DiscoveredDeviceView), errors: z.array(z.string()) }),
    roles: ['cashier'],
  }),
  'print.jobs': command({
    args: z
      .object({
        states: z.array(PrintJobView.shape.state).optional(),
        limit: z.int().min(1).max(500).default(100),
      })
      .strict(),
    result: z.object({ jobs: z.array(PrintJobView) }),
    roles: ['cashier'],
  }),
  /** Prints a copy marked REPRINT. */
  'print.reprint': command({ args: JobIdArg, result: PrintJobView, roles: ['cashier'] }),
  /** An operator confirms a job whose outcome the printer could not confirm did print. */
  'print.acknowledge': command({ args: JobIdArg, result: PrintJobView, roles: ['cashier'] }),
  'print.cancel': command({ args: JobIdArg, result: PrintJobView, roles: ['cashier'] }),
  /** A no-sale or refund opening; sales open the drawer by themselves. Recorded, never replayed. */
  'drawer.open': command({
    args: z.object({ orderId: OrderId.optional(), reason: z.enum(['no-sale', 'refund']), drawerId: DeviceIdArg.optional() }).strict(),
    result: DrawerKickView,
    roles: ['cashier'],
  }),
} as const satisfies { readonly [K in CommandName]: { args: z.ZodType; result: z.ZodType; roles: readonly WindowRole[] } };

export type { CommandName };
export type CommandArgs<K extends CommandName> = z.input<(typeof commands)[K]['args']>;
export type ParsedArgs<K extends CommandName> = z.output<(typeof commands)[K]['args']>;
export type CommandResult<K extends CommandName> = z.output<(typeof commands)[K]['result']>;

/** Everything the station core pushes to windows without being asked. */
export const pushEvents = {
  'order.changed': { payload: OrderView, roles: ['cashier', 'kitchen'] },
  'sync.changed': { payload: SyncStatusView, roles: ['cashier', 'kitchen'] },
  'devices.changed': { payload: DeviceStatusView, roles: ['cashier', 'kitchen'] },
  'print.jobChanged': { payload: PrintJobView, roles: ['cashier'] },
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
  'too_large',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const IpcError = z.object({ code: ErrorCode, message: z.string() });
export type IpcError = z.infer<typeof IpcError>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The renderer's view of the station core, whichever transport carries it. */
export interface StationBridge {
  invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>>;
  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void;
}
