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
