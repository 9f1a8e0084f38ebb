import { z } from 'zod';
import { command } from '../command-spec.js';
import { DiagnosticsView, LogLevel, LogLineView, MeshStatusView, SyncStatusView } from '../diagnostics.js';
import { OrderId } from '../../events.js';
import { Pin } from './staff.js';

/** Sync status, "sync now", diagnostics and dead letters. */
export const diagnosticsCommands = {
  /** Null when the station has no central server configured. */
  'sync.status': command({ args: z.object({}).strict(), result: SyncStatusView.nullable(), roles: ['cashier', 'kitchen', 'diagnostics'] }),
  /** A person asked to sync now: runs a round at once, ignoring any backoff. */
  'sync.now': command({
    args: z.object({}).strict(),
    result: z.object({ pushed: z.int(), pulled: z.int(), deadLettered: z.int() }),
    roles: ['cashier', 'diagnostics'],
  }),
  /** The store mesh in brief (the full peer list with counters is in `diagnostics.get`); disabled when not configured. */
  'mesh.status': command({ args: z.object({}).strict(), result: MeshStatusView, roles: ['cashier', 'kitchen', 'diagnostics'] }),
  'diagnostics.get': command({ args: z.object({}).strict(), result: DiagnosticsView, roles: ['cashier', 'diagnostics'] }),
  /** The station's recent log lines, newest first: at or above `minLevel`, optionally of one order. */
  'diagnostics.logs': command({
    args: z
      .object({ minLevel: LogLevel.default('info'), orderId: OrderId.optional(), limit: z.int().min(1).max(500).default(200) })
      .strict(),
    result: z.object({ lines: z.array(LogLineView) }),
    roles: ['cashier', 'diagnostics'],
  }),
  'deadLetters.replay': command({
    args: z.object({ eventId: z.string().min(1).max(64) }).strict(),
    result: z.object({ replayed: z.literal(true) }),
    roles: ['cashier', 'diagnostics'],
  }),
  'deadLetters.discard': command({
    args: z.object({ eventId: z.string().min(1).max(64), managerPin: Pin.optional() }).strict(),
    result: z.object({ discarded: z.literal(true) }),
    roles: ['cashier', 'diagnostics'],
  }),
} as const;
