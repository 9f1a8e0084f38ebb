import { z } from 'zod';
import { OrderId } from '../../events.js';
import { Pin } from './staff.js';
import { command } from '../command-spec.js';
import {
  ActiveDevicesConfigView,
  DeviceStatusView,
  SavedDevicesConfigView,
  DeviceTestView,
  DiscoveredDeviceView,
  DrawerKickView,
  PrintJobView,
  VirtualDocumentView,
} from '../devices.js';

const DeviceIdArg = z.string().min(1).max(40);
const JobIdArg = z.object({ jobId: z.string().min(1).max(64) }).strict();
/** A privileged command's manager PIN (shared/ipc/privileged.ts): asked each time where staff are configured. */
const ManagerPinArg = { managerPin: Pin.optional() };

/** Peripherals: status, test actions, discovery, print jobs and the cash drawer. */
export const deviceCommands = {
  'devices.list': command({
    args: z.object({}).strict(),
    result: z.object({ devices: z.array(DeviceStatusView) }),
    roles: ['cashier', 'kitchen', 'diagnostics'],
  }),
  /** Test print, drawer pulse, display text or wait for a scan, depending on the device. */
  'devices.test': command({
    args: z.object({ deviceId: DeviceIdArg, ...ManagerPinArg }).strict(),
    result: DeviceTestView,
    roles: ['cashier', 'diagnostics'],
  }),
  /** The device configuration in force. */
  'devices.config': command({ args: z.object({}).strict(), result: ActiveDevicesConfigView, roles: ['cashier', 'diagnostics'] }),
  /**
   * Writes a new devices section into the station's config file; it takes effect on restart. The core
   * checks it with `devicesConfigIssues` and answers `bad_request` naming each field, changing nothing.
   * The section travels as the operator wrote it, so the file keeps their text rather than expanded defaults.
   */
  'devices.setConfig': command({
    args: z.object({ devices: z.record(z.string(), z.unknown()), ...ManagerPinArg }).strict(),
    result: SavedDevicesConfigView,
    roles: ['cashier', 'diagnostics'],
  }),
  'devices.discover': command({
    args: z.object({}).strict(),
    result: z.object({ devices: z.array(DiscoveredDeviceView), errors: z.array(z.string()) }),
    roles: ['cashier', 'diagnostics'],
  }),
  'print.jobs': command({
    args: z
      .object({
        states: z.array(PrintJobView.shape.state).optional(),
        limit: z.int().min(1).max(500).default(100),
      })
      .strict(),
    result: z.object({ jobs: z.array(PrintJobView) }),
    roles: ['cashier', 'diagnostics'],
  }),
  /** What the simulated printers printed, decoded from the bytes, newest first (none without a virtual printer). */
  'print.virtualDocuments': command({
    args: z.object({ printerId: DeviceIdArg.optional(), limit: z.int().min(1).max(50).default(10) }).strict(),
    result: z.object({ documents: z.array(VirtualDocumentView) }),
    roles: ['cashier', 'diagnostics'],
  }),
  /** Prints a copy marked REPRINT. */
  'print.reprint': command({ args: JobIdArg, result: PrintJobView, roles: ['cashier', 'diagnostics'] }),
  /**
   * A copy of an order's receipt, marked COPY, rebuilt from the order as it stands now: refunds made
   * since the sale are on it, so a copy of a refunded order can never pass for a sale.
   */
  'print.receiptCopy': command({ args: z.object({ orderId: OrderId }).strict(), result: PrintJobView, roles: ['cashier'] }),
  /** An operator confirms a job whose outcome the printer could not confirm did print. */
  'print.acknowledge': command({ args: JobIdArg, result: PrintJobView, roles: ['cashier', 'diagnostics'] }),
  'print.cancel': command({ args: JobIdArg.extend(ManagerPinArg), result: PrintJobView, roles: ['cashier', 'diagnostics'] }),
  /** A no-sale or refund opening; sales open the drawer by themselves. Recorded, never replayed. */
  'drawer.open': command({
    args: z.object({ orderId: OrderId.optional(), reason: z.enum(['no-sale', 'refund']), drawerId: DeviceIdArg.optional() }).strict(),
    result: DrawerKickView,
    roles: ['cashier'],
  }),
} as const;
