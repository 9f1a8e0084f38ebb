import { statSync } from 'node:fs';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { MeshStatusView, MeshView, StoreDataView } from '../../../shared/ipc/diagnostics.js';
import type { OfflineQueueView } from '../../../shared/ipc/offline-payments.js';
import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { EventStore } from '../event-store.js';
import type { RecentErrors } from '../logging/recent-errors.js';
import type { LogRing } from '../logging/log-ring.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { CommandHandlers } from './handlers.js';

export type DiagnosticsCommand = Extract<CommandName, `sync.${string}` | `diagnostics.${string}` | `deadLetters.${string}` | 'mesh.status'>;

export interface DiagnosticsDeps {
  stationId: string;
  dataDir: string;
  databasePath: string;
  store: EventStore;
  sync: SyncEngine | undefined;
  devices: DeviceManager;
  recentErrors: RecentErrors;
  /** Recent log lines for the log view; without it the view says logging is not captured. */
  logs?: LogRing;
  /** The store mesh: peers, their state and how far behind each side is. */
  mesh?: { status(): MeshView; summary(): MeshStatusView };
  /** Store data held and refused (store-data/store-data.ts). */
  storeData?: { view(): StoreDataView };
  /** Card payments approved offline awaiting forwarding. */
  offlinePayments?: { view(): OfflineQueueView };
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function createDiagnosticsHandlers(deps: DiagnosticsDeps): Pick<CommandHandlers, DiagnosticsCommand> {
  const { store, sync } = deps;
  return {
    'sync.status': () => ({ ok: true, value: sync?.getStatus() ?? null }),
    'sync.now': async () => {
      if (!sync) return { ok: false, error: { code: 'unavailable', message: 'No central server is configured for this station' } };
      try {
        return { ok: true, value: await sync.syncNow() };
      } catch (error) {
        return {
          ok: false,
          error: { code: 'unavailable', message: `Sync failed: ${error instanceof Error ? error.message : String(error)}` },
        };
      }
    },
    'mesh.status': () => ({ ok: true, value: deps.mesh?.summary() ?? { enabled: false, connected: 0, peers: [] } }),
    'diagnostics.get': () => ({
      ok: true,
      value: {
        stationId: deps.stationId,
        dataDir: deps.dataDir,
        databasePath: deps.databasePath,
        // The WAL holds recent commits until a checkpoint: it is part of the database's size.
        databaseBytes: fileBytes(deps.databasePath) + fileBytes(`${deps.databasePath}-wal`),
        sync: sync?.getStatus() ?? null,
        deadLetters: store.listDeadLetters(),
        conflicts: store.listConflicts().map((c) => ({ ...c, eventIds: JSON.parse(c.eventIds) as string[] })),
        devices: deps.devices.list(),
        recentErrors: deps.recentErrors.list(),
        ...(deps.mesh ? { mesh: deps.mesh.status() } : {}),
        ...(deps.storeData ? { storeData: deps.storeData.view() } : {}),
        ...(deps.offlinePayments ? { offlinePayments: deps.offlinePayments.view() } : {}),
      },
    }),
    'diagnostics.logs': ({ minLevel, orderId, limit }) =>
      deps.logs
        ? { ok: true, value: { lines: deps.logs.query({ minLevel, limit, ...(orderId ? { orderId } : {}) }) } }
        : { ok: false, error: { code: 'unavailable', message: 'This station does not keep recent log lines in memory' } },
    'deadLetters.replay': ({ eventId }) => {
      if (!store.replayDeadLetter(eventId)) return { ok: false, error: { code: 'not_found', message: `No dead letter ${eventId}` } };
      sync?.kick();
      return { ok: true, value: { replayed: true } };
    },
    'deadLetters.discard': ({ eventId }) =>
      store.discardDeadLetter(eventId)
        ? { ok: true, value: { discarded: true } }
        : { ok: false, error: { code: 'not_found', message: `No dead letter ${eventId}` } },
  };
}
