import { z } from 'zod';

/** A peripheral as windows see it: pushed on every change, listed in diagnostics and settings. */
export const DeviceStatusView = z.object({
  id: z.string(),
  kind: z.enum(['printer', 'drawer', 'scanner', 'display']),
  name: z.string(),
  /** A simulated device: every screen that lists it must say so. */
  simulated: z.boolean(),
  connection: z.string(),
  state: z.enum(['stopped', 'connecting', 'ready', 'busy', 'paper-out', 'cover-open', 'error', 'offline', 'backoff']),
  since: z.number(),
  problem: z.object({ kind: z.string(), message: z.string(), fix: z.string().optional() }).optional(),
  paperNearEnd: z.boolean().optional(),
  sensor: z.enum(['open', 'closed', 'unknown']).optional(),
  printerId: z.string().optional(),
  reconnectAttempt: z.int().nonnegative(),
  nextRetryAt: z.number().optional(),
  actions: z.array(z.enum(['test-print', 'open-drawer', 'show-on-display', 'await-scan'])),
});
export type DeviceStatusView = z.infer<typeof DeviceStatusView>;

/** A print job without its bytes: states queued → sending → sent-unconfirmed → done | failed. */
export const PrintJobView = z.object({
  id: z.string(),
  kind: z.enum(['receipt', 'kitchen', 'test']),
  printerId: z.string(),
  route: z.string(),
  state: z.enum(['queued', 'sending', 'sent-unconfirmed', 'done', 'failed']),
  attempts: z.int().nonnegative(),
  reprintOf: z.string().nullable(),
  orderId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  doneAt: z.number().nullable(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

export const DrawerKickView = z.object({
  id: z.string(),
  drawerId: z.string(),
  orderId: z.string().nullable(),
  reason: z.string(),
  state: z.enum(['requested', 'sent', 'failed', 'unknown']),
  error: z.string().nullable(),
  requestedAt: z.number(),
});

export const DeviceTestView = z.object({ ok: z.boolean(), message: z.string(), jobId: z.string().optional() });

export const DiscoveredDeviceView = z.object({
  kind: z.enum(['serial-port', 'usb-printer']),
  label: z.string(),
  suggested: z.record(z.string(), z.unknown()),
});

const PrintedSpan = z.object({ text: z.string(), bold: z.boolean(), underline: z.boolean(), reverse: z.boolean(), width: z.int().min(1).max(8), height: z.int().min(1).max(8) });

/** One piece of decoded paper, as the virtual printer's decoder saw it in the ESC/POS bytes. */
export const PrintedBlockView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), align: z.enum(['left', 'center', 'right']), spans: z.array(PrintedSpan) }),
  z.object({ type: z.literal('qr'), symbol: z.string(), data: z.string() }),
  z.object({ type: z.literal('barcode'), symbology: z.string(), data: z.string() }),
  z.object({ type: z.literal('image'), widthDots: z.int().nonnegative(), heightDots: z.int().nonnegative() }),
  z.object({ type: z.literal('cut'), mode: z.enum(['full', 'partial']) }),
  z.object({ type: z.literal('drawerKick'), pin: z.union([z.literal(0), z.literal(1)]), onMs: z.number(), offMs: z.number() }),
]);
export type PrintedBlockView = z.infer<typeof PrintedBlockView>;

/** A receipt or ticket a simulated printer "printed": decoded back from the bytes the station sent. */
export const VirtualDocumentView = z.object({
  printerId: z.string(),
  printerName: z.string(),
  /** Position in that printer's memory, oldest 0: a stable key while the list only grows. */
  index: z.int().nonnegative(),
  printedAt: z.number(),
  bytes: z.int().nonnegative(),
  lines: z.array(z.string()),
  blocks: z.array(PrintedBlockView),
  /** Commands the decoder did not know: a non-empty list points at an encoder bug. */
  unknownCommands: z.array(z.string()),
});
export type VirtualDocumentView = z.infer<typeof VirtualDocumentView>;

/**
 * The devices section the station runs with, as validated at start (station.json, or the simulated
 * defaults when it has none). Shown read-only: devices change by editing station.json and restarting.
 */
export const ActiveDevicesConfigView = z.object({
  config: z.record(z.string(), z.unknown()),
  /** True when no devices were configured and the station runs the simulated set. */
  usingDefaults: z.boolean(),
});
export type ActiveDevicesConfigView = z.infer<typeof ActiveDevicesConfigView>;
