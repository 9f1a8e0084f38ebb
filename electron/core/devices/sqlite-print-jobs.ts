import type { DrawerKickLog, DrawerKickPatch, DrawerKickRecord } from '../../../drivers/devices/drawer-kick-log.js';
import type {
  NewPrintJob,
  PrintableDocument,
  PrintJob,
  PrintJobKind,
  PrintJobPatch,
  PrintJobState,
} from '../../../drivers/queue/print-job.js';
import type { PrintJobStore } from '../../../drivers/queue/print-job-store.js';
import type { Db } from '../db/open-database.js';

interface JobRow {
  id: string;
  idempotency_key: string;
  printer_id: string;
  route: string;
  kind: PrintJobKind;
  document: string;
  bytes: Buffer;
  profile_id: string;
  state: PrintJobState;
  attempts: number;
  reprint_of: string | null;
  order_id: string | null;
  last_error: string | null;
  created_at: number;
  queued_at: number;
  updated_at: number;
  done_at: number | null;
}

const COLUMNS =
  'id, idempotency_key, printer_id, route, kind, document, bytes, profile_id, state, attempts, reprint_of, order_id, last_error, created_at, queued_at, updated_at, done_at';

function toJob(row: JobRow): PrintJob {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    printerId: row.printer_id,
    route: row.route,
    kind: row.kind,
    // Written only by this store from a PrintableDocument.
    document: JSON.parse(row.document) as PrintableDocument,
    bytes: new Uint8Array(row.bytes),
    profileId: row.profile_id,
    state: row.state,
    attempts: row.attempts,
    reprintOf: row.reprint_of,
    orderId: row.order_id,
    lastError: row.last_error,
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}

/**
 * The print queue's job rows in the station database (migration 2). Every call is one statement or one
 * transaction on the station's WAL + synchronous=FULL connection, so a job is on disk before the caller
 * hears it was queued, and a state change survives a power cut.
 */
export class SqlitePrintJobStore implements PrintJobStore {
  readonly #db: Db;
  readonly #statements;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO print_jobs (${COLUMNS})
         VALUES (@id, @idempotencyKey, @printerId, @route, @kind, @document, @bytes, @profileId, @state, 0, @reprintOf, @orderId, @lastError, @createdAt, @queuedAt, @now, NULL)
         ON CONFLICT (idempotency_key) DO NOTHING`,
      ),
      byId: db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM print_jobs WHERE id = ?`),
      byKey: db.prepare<[string], JobRow>(`SELECT ${COLUMNS} FROM print_jobs WHERE idempotency_key = ?`),
      nextQueued: db.prepare<[string], JobRow>(
        `SELECT ${COLUMNS} FROM print_jobs WHERE printer_id = ? AND state = 'queued' ORDER BY queued_at, seq LIMIT 1`,
      ),
      countReprints: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM print_jobs WHERE reprint_of = ?'),
    };
  }

  insert(job: NewPrintJob, now: number): { job: PrintJob; created: boolean } {
    const result = this.#statements.insert.run({
      id: job.id,
      idempotencyKey: job.idempotencyKey,
      printerId: job.printerId,
      route: job.route,
      kind: job.kind,
      document: JSON.stringify(job.document),
      bytes: Buffer.from(job.bytes),
      profileId: job.profileId,
      state: job.state,
      reprintOf: job.reprintOf,
      orderId: job.orderId,
      lastError: job.lastError ?? null,
      createdAt: job.createdAt,
      queuedAt: job.queuedAt,
      now,
    });
    const stored = this.#statements.byKey.get(job.idempotencyKey);
    if (!stored) throw new Error(`print job ${job.id} was not stored`);
    return { job: toJob(stored), created: result.changes === 1 };
  }

  get(id: string): PrintJob | undefined {
    const row = this.#statements.byId.get(id);
    return row && toJob(row);
  }

  findByKey(idempotencyKey: string): PrintJob | undefined {
    const row = this.#statements.byKey.get(idempotencyKey);
    return row && toJob(row);
  }

  update(id: string, from: readonly PrintJobState[], patch: PrintJobPatch, now: number): PrintJob | undefined {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now };
    const column = (name: string, key: string, value: unknown): void => {
      sets.push(`${name} = @${key}`);
      params[key] = value;
    };
    if (patch.state !== undefined) column('state', 'state', patch.state);
    if (patch.attempts !== undefined) column('attempts', 'attempts', patch.attempts);
    if (patch.lastError !== undefined) column('last_error', 'lastError', patch.lastError);
    if (patch.printerId !== undefined) column('printer_id', 'printerId', patch.printerId);
    if (patch.profileId !== undefined) column('profile_id', 'profileId', patch.profileId);
    if (patch.bytes !== undefined) column('bytes', 'bytes', Buffer.from(patch.bytes));
    if (patch.document !== undefined) column('document', 'document', JSON.stringify(patch.document));
    if (patch.doneAt !== undefined) column('done_at', 'doneAt', patch.doneAt);
    const states = from.map((state, i) => {
      params[`from${i}`] = state;
      return `@from${i}`;
    });
    if (states.length === 0) return undefined;
    // The state check and the write are one statement: a compare-and-set no other writer can split.
    const changed = this.#db
      .prepare(`UPDATE print_jobs SET ${sets.join(', ')} WHERE id = @id AND state IN (${states.join(', ')})`)
      .run(params).changes;
    return changed === 1 ? this.get(id) : undefined;
  }

  nextQueued(printerId: string): PrintJob | undefined {
    const row = this.#statements.nextQueued.get(printerId);
    return row && toJob(row);
  }

  list(filter: { states?: readonly PrintJobState[]; printerId?: string; route?: string; limit?: number } = {}): PrintJob[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.states) {
      if (filter.states.length === 0) return [];
      const names = filter.states.map((state, i) => {
        params[`s${i}`] = state;
        return `@s${i}`;
      });
      where.push(`state IN (${names.join(', ')})`);
    }
    if (filter.printerId !== undefined) {
      where.push('printer_id = @printerId');
      params.printerId = filter.printerId;
    }
    if (filter.route !== undefined) {
      where.push('route = @route');
      params.route = filter.route;
    }
    params.limit = filter.limit ?? -1;
    const sql = `SELECT ${COLUMNS} FROM print_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    return this.#db.prepare<Record<string, unknown>, JobRow>(sql).all(params).map(toJob);
  }

  countReprints(jobId: string): number {
    return this.#statements.countReprints.get(jobId)?.n ?? 0;
  }
}

interface KickRow {
  id: string;
  drawer_id: string;
  printer_id: string;
  order_id: string | null;
  shift_id: string | null;
  reason: string;
  requested_by: string | null;
  state: DrawerKickRecord['state'];
  method: DrawerKickRecord['method'];
  error: string | null;
  requested_at: number;
  completed_at: number | null;
}

function toKick(row: KickRow): DrawerKickRecord {
  return {
    id: row.id,
    drawerId: row.drawer_id,
    printerId: row.printer_id,
    orderId: row.order_id,
    shiftId: row.shift_id,
    reason: row.reason,
    requestedBy: row.requested_by,
    state: row.state,
    method: row.method,
    error: row.error,
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
  };
}

/** Drawer opens in the station database (migration 2): the audit trail of who opened the till for what. */
export class SqliteDrawerKickLog implements DrawerKickLog {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(record: DrawerKickRecord): void {
    this.#db
      .prepare(
        `INSERT INTO drawer_kicks (id, drawer_id, printer_id, order_id, shift_id, reason, requested_by, state, method, error, requested_at, completed_at)
         VALUES (@id, @drawerId, @printerId, @orderId, @shiftId, @reason, @requestedBy, @state, @method, @error, @requestedAt, @completedAt)`,
      )
      .run(record);
  }

  update(id: string, patch: DrawerKickPatch): void {
    const current = this.#db.prepare<[string], KickRow>('SELECT * FROM drawer_kicks WHERE id = ?').get(id);
    if (!current) return;
    const next = { ...toKick(current), ...patch };
    this.#db
      .prepare('UPDATE drawer_kicks SET state = @state, method = @method, error = @error, completed_at = @completedAt WHERE id = @id')
      .run({ id, state: next.state, method: next.method, error: next.error, completedAt: next.completedAt });
  }

  list(filter: { drawerId?: string; orderId?: string; shiftId?: string; limit?: number } = {}): DrawerKickRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit ?? -1 };
    for (const [key, column] of [
      ['drawerId', 'drawer_id'],
      ['orderId', 'order_id'],
      ['shiftId', 'shift_id'],
    ] as const) {
      const value = filter[key];
      if (value === undefined) continue;
      where.push(`${column} = @${key}`);
      params[key] = value;
    }
    const sql = `SELECT * FROM drawer_kicks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY requested_at DESC, rowid DESC LIMIT @limit`;
    return this.#db.prepare<Record<string, unknown>, KickRow>(sql).all(params).map(toKick);
  }

  markUnfinishedUnknown(now: number): number {
    return this.#db
      .prepare(
        `UPDATE drawer_kicks SET state = 'unknown', completed_at = ?, error = 'the station stopped before the outcome was known' WHERE state = 'requested'`,
      )
      .run(now).changes;
  }
}
