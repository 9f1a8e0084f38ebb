import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { PrintJob } from '../../../drivers/queue/print-job.js';
import type { CommandName, IpcResult } from '../../../shared/ipc/contract.js';
import type { PrintJobView, VirtualDocumentView } from '../../../shared/ipc/devices.js';
import { pendingDevicesSection, saveDevicesSection } from '../devices/devices-config-file.js';
import type { CommandHandlers } from './handlers.js';

export type DeviceCommand = Extract<CommandName, `devices.${string}` | `print.${string}` | `drawer.${string}`>;

/** A job as windows see it: without its bytes and document. */
export function printJobView(job: PrintJob): PrintJobView {
  const { id, kind, printerId, route, state, attempts, reprintOf, orderId, lastError, createdAt, updatedAt, doneAt } = job;
  return { id, kind, printerId, route, state, attempts, reprintOf, orderId, lastError, createdAt, updatedAt, doneAt };
}

/** Every simulated printer's recent documents (or one printer's), newest first. */
export function virtualDocuments(devices: DeviceManager, printerId: string | undefined, limit: number): VirtualDocumentView[] {
  const printers = devices.list().filter((d) => d.kind === 'printer' && d.simulated && (printerId === undefined || d.id === printerId));
  const documents: VirtualDocumentView[] = [];
  for (const printer of printers) {
    const virtual = devices.virtualPrinter(printer.id);
    if (!virtual) continue;
    virtual.documents().forEach((doc, index) =>
      documents.push({
        printerId: printer.id,
        printerName: printer.name,
        index,
        printedAt: doc.at,
        bytes: doc.raw.length,
        lines: doc.lines,
        blocks: doc.blocks,
        unknownCommands: doc.unknownCommands,
      }),
    );
  }
  return documents.sort((a, b) => b.printedAt - a.printedAt || b.index - a.index).slice(0, limit);
}

function failure(error: unknown, code: 'not_found' | 'invalid_state' | 'unavailable' = 'invalid_state'): IpcResult<never> {
  return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
}

function jobResult(job: PrintJob | undefined, jobId: string): IpcResult<PrintJobView> {
  return job
    ? { ok: true, value: printJobView(job) }
    : { ok: false, error: { code: 'not_found', message: `No print job ${jobId} in that state` } };
}

/** The devices section in force, and whether it is the simulated default set. */
export interface ActiveDevicesConfig {
  config: Record<string, unknown>;
  usingDefaults: boolean;
}

/**
 * `configPath` is the station's config file, which `devices.setConfig` rewrites. The new section
 * applies on restart, not at once: the device manager, its print routes and the kitchen-route check
 * are built once at start and held by order peripherals, shifts and diagnostics, so swapping them
 * mid-service could strand a ticket or a drawer kick between two managers.
 */
export function createDeviceHandlers(
  devices: DeviceManager,
  stationId: string,
  active?: ActiveDevicesConfig,
  configPath?: string,
  receiptCopy?: (orderId: string) => IpcResult<PrintJob>,
): Pick<CommandHandlers, DeviceCommand> {
  return {
    'devices.list': () => ({ ok: true, value: { devices: devices.list() } }),
    'devices.test': async ({ deviceId }) => {
      try {
        const result = await devices.test(deviceId);
        return { ok: true, value: { ok: result.ok, message: result.message, ...(result.job ? { jobId: result.job.id } : {}) } };
      } catch (error) {
        return failure(error, 'not_found');
      }
    },
    'devices.config': () => {
      if (!active)
        return { ok: false, error: { code: 'unavailable', message: 'This station was started without a device configuration to show' } };
      const pending = configPath === undefined ? undefined : pendingDevicesSection(configPath, active.config);
      return { ok: true, value: { ...active, ...(pending && configPath ? { pending: { config: pending, path: configPath } } : {}) } };
    },
    'devices.setConfig': ({ devices: section }) => {
      if (configPath === undefined) {
        return {
          ok: false,
          error: { code: 'unavailable', message: 'This station was started without a config file to save devices into' },
        };
      }
      const saved = saveDevicesSection(configPath, section);
      if (saved.ok) return { ok: true, value: { path: saved.path, applied: 'on_restart' } };
      if (saved.reason === 'file') return { ok: false, error: { code: 'invalid_state', message: saved.message } };
      const lines = saved.issues.map((issue) => `${issue.path}: ${issue.message}`);
      return { ok: false, error: { code: 'bad_request', message: `The devices configuration was not saved:\n${lines.join('\n')}` } };
    },
    'devices.discover': async () => {
      const found = await devices.discover();
      return {
        ok: true,
        value: {
          devices: found.devices.map(({ kind, label, suggested }) => ({ kind, label, suggested: { ...suggested } })),
          errors: found.errors,
        },
      };
    },
    'print.jobs': ({ states, limit }) => ({
      ok: true,
      value: { jobs: devices.queue.jobs({ ...(states ? { states } : {}), limit }).map(printJobView) },
    }),
    'print.virtualDocuments': ({ printerId, limit }) => {
      if (printerId !== undefined && !devices.list().some((d) => d.id === printerId)) {
        return { ok: false, error: { code: 'not_found', message: `No printer ${printerId}` } };
      }
      return { ok: true, value: { documents: virtualDocuments(devices, printerId, limit) } };
    },
    'print.reprint': ({ jobId }) => {
      try {
        return { ok: true, value: printJobView(devices.queue.reprint(jobId)) };
      } catch (error) {
        return failure(error, 'not_found');
      }
    },
    'print.receiptCopy': ({ orderId }) => {
      if (!receiptCopy) return { ok: false, error: { code: 'unavailable', message: 'This station prints no receipts' } };
      const printed = receiptCopy(orderId);
      return printed.ok ? { ok: true, value: printJobView(printed.value) } : printed;
    },
    'print.acknowledge': ({ jobId }) => jobResult(devices.queue.acknowledge(jobId), jobId),
    'print.cancel': ({ jobId }) => jobResult(devices.queue.cancel(jobId), jobId),
    'drawer.open': async ({ orderId, reason, drawerId }) => {
      try {
        const kick = await devices.openDrawer({
          reason,
          requestedBy: stationId,
          ...(orderId ? { orderId } : {}),
          ...(drawerId ? { drawerId } : {}),
        });
        const { id, orderId: kickOrderId, state, error, requestedAt } = kick;
        return { ok: true, value: { id, drawerId: kick.drawerId, orderId: kickOrderId, reason: kick.reason, state, error, requestedAt } };
      } catch (error) {
        return failure(error, 'unavailable');
      }
    },
  };
}
