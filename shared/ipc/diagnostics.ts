import { z } from 'zod';
import { DeviceStatusView } from './devices.js';

/** The sync engine's state as windows see it: the offline banner, "sync now", diagnostics. */
export const SyncStatusView = z.object({
  state: z.enum(['stopped', 'idle', 'syncing', 'backoff', 'circuit_open']),
  consecutiveFailures: z.int().nonnegative(),
  nextAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  lastPullAt: z.number().nullable(),
  lastError: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  pullCursor: z.int().nonnegative(),
  outboxDepth: z.int().nonnegative(),
  oldestUnsentAgeMs: z.number().nullable(),
  deadLetters: z.int().nonnegative(),
});
export type SyncStatusView = z.infer<typeof SyncStatusView>;

export const DeadLetterView = z.object({
  eventId: z.string(),
  seq: z.int(),
  orderId: z.string(),
  type: z.string(),
  reason: z.string(),
  failedAt: z.number(),
});

export const ConflictRecordView = z.object({
  orderId: z.string(),
  ticketNumber: z.int(),
  rule: z.string(),
  eventIds: z.array(z.string()),
  outcome: z.string(),
});


export const RecentErrorView = z.object({
  at: z.number(),
  level: z.enum(['warn', 'error']),
  message: z.string(),
  component: z.string().optional(),
  detail: z.string().optional(),
});
export type RecentErrorView = z.infer<typeof RecentErrorView>;

export const DiagnosticsView = z.object({
  stationId: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  databaseBytes: z.int().nonnegative(),
  /** Null when no central server is configured (a standalone till). */
  sync: SyncStatusView.nullable(),
  deadLetters: z.array(DeadLetterView),
  conflicts: z.array(ConflictRecordView),
  devices: z.array(DeviceStatusView),
  recentErrors: z.array(RecentErrorView),
});
export type DiagnosticsView = z.infer<typeof DiagnosticsView>;
