import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Db } from '../db/open-database.js';
import type { SimulatedDeviceState, SimulatedLedgerEntry, SimulatedLedgerStore, SimulatedRefundEntry } from './simulated-terminal.js';

const ChargeEntry = z.object({
  idempotencyKey: z.string(),
  terminalRef: z.string(),
  authCode: z.string(),
  card: z.object({ brand: z.string().min(1), lastFour: z.string().regex(/^\d{4}$/) }).optional(),
  amountMinor: z.int(),
  currency: z.string(),
  status: z.enum(['in_progress', 'approved', 'declined', 'captured', 'voided', 'offline', 'forward_declined']),
  reason: z.string().optional(),
  refundedMinor: z.int().optional(),
  offline: z.boolean().optional(),
  gatewayCharges: z.int().optional(),
});

const RefundEntry = z.object({
  idempotencyKey: z.string(),
  refundRef: z.string(),
  terminalRef: z.string(),
  amountMinor: z.int(),
  status: z.enum(['refunded', 'refused']),
  reason: z.string().optional(),
});

const DeviceState = z.object({
  gatewayUp: z.boolean(),
  defaultForward: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('accept') }),
    z.object({ kind: z.literal('decline'), reason: z.string().optional() }),
    z.object({ kind: z.literal('timeout_after_forwarding') }),
    z.object({ kind: z.literal('timeout_before_reaching') }),
  ]),
});

/**
 * Keeps the SIMULATED terminal's ledger in the station database (table of migration 6), as a real
 * terminal keeps its own across a station restart, and its device state (migration 15): a gateway cut
 * before a restart is still cut after it. Rows are checked on load: a corrupt row is an
 * error, never silently a charge that did not happen.
 */
export function sqliteSimulatedLedger(db: Db, terminalId: string): SimulatedLedgerStore {
  const rows = db.prepare<[string, string], { entry: string }>(
    'SELECT entry FROM simulated_terminal_ledger WHERE terminal_id = ? AND kind = ? ORDER BY seq',
  );
  const upsert = db.prepare(
    `INSERT INTO simulated_terminal_ledger (terminal_id, kind, idempotency_key, seq, entry)
     VALUES (@terminalId, @kind, @key, (SELECT coalesce(max(seq), 0) + 1 FROM simulated_terminal_ledger), @entry)
     ON CONFLICT (terminal_id, kind, idempotency_key) DO UPDATE SET entry = excluded.entry`,
  );
  const device = db.prepare<[string], { state: string }>('SELECT state FROM simulated_terminal_device WHERE terminal_id = ?');
  const saveDevice = db.prepare(
    `INSERT INTO simulated_terminal_device (terminal_id, state) VALUES (?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET state = excluded.state`,
  );
  const parseAll = <T>(kind: string, schema: z.ZodType<T>): T[] =>
    rows.all(terminalId, kind).map((row) => schema.parse(JSON.parse(row.entry)));
  return {
    load: () => ({
      charges: parseAll('charge', ChargeEntry) as SimulatedLedgerEntry[],
      refunds: parseAll('refund', RefundEntry) as SimulatedRefundEntry[],
      device: loadDevice(),
    }),
    saveCharge: (entry) => upsert.run({ terminalId, kind: 'charge', key: entry.idempotencyKey, entry: JSON.stringify(entry) }),
    saveRefund: (entry) => upsert.run({ terminalId, kind: 'refund', key: entry.idempotencyKey, entry: JSON.stringify(entry) }),
    saveDevice: (state) => saveDevice.run(terminalId, JSON.stringify(state)),
  };

  function loadDevice(): SimulatedDeviceState | undefined {
    const row = device.get(terminalId);
    return row ? (DeviceState.parse(JSON.parse(row.state)) as SimulatedDeviceState) : undefined;
  }
}

/**
 * The simulated terminal's own connection to the (already migrated) station database. A real
 * terminal keeps its ledger on its own hardware, in parallel with the station: its writes must not
 * add the station's per-commit fsync (synchronous=FULL) to every card payment. NORMAL in WAL mode
 * still survives a crash of the station process, which is the failure the ledger has to model.
 */
export function openSimulatedLedgerConnection(databasePath: string): Db {
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
