import type { Clock } from '../shared/clock.js';
import { DomainEvent } from '../shared/events.js';
import { err, ok, type Result } from '../shared/result.js';
import { MAX_PULL_PAGE, type PullResponse, type PushEventResult, type PushRequest } from '../shared/sync/protocol.js';
import { intColumn, textColumn } from './db/columns.js';
import type { Database, SqlExecutor } from './db/database.js';
import { formatIssues } from './issues.js';

export type PullPage = Omit<PullResponse, 'serverTime'>;

/**
 * Serializes the append step across every origin so that commit order equals server_seq order.
 * Without it, on a multi-connection PostgreSQL a puller could read server_seq 10 while 9 is still
 * uncommitted, move its cursor past 9 and never see it.
 */
const APPEND_LOCK_KEY = 7_301_002;

export class SyncService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Results come back in request order; a bad request (foreign origin) stores nothing. */
  async push(req: PushRequest): Promise<Result<PushEventResult[]>> {
    const stranger = req.events.findIndex((event) => event.origin !== req.origin);
    if (stranger >= 0) {
      const origin = req.events[stranger]?.origin ?? '';
      return err('bad_request', `events.${stranger}.origin: "${origin}" does not match the request origin "${req.origin}"`);
    }
    const receivedAt = new Date(this.clock.now()).toISOString();
    return ok(await this.db.transaction((tx) => appendBatch(tx, req.origin, req.events, receivedAt)));
  }

  async pull(cursor: number, limit: number): Promise<PullPage> {
    if (!Number.isSafeInteger(cursor) || cursor < 0) throw new RangeError(`cursor must be a non-negative integer, got ${cursor}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_PAGE) throw new RangeError(`limit must be 1..${MAX_PULL_PAGE}, got ${limit}`);
    // One extra row tells whether this page reaches the end without a second query.
    const rows = await this.db.query('SELECT server_seq, body FROM events WHERE server_seq > $1 ORDER BY server_seq LIMIT $2', [cursor, limit + 1]);
    const events = rows.slice(0, limit).map((row) => {
      const serverSeq = intColumn(row, 'server_seq');
      const parsed = DomainEvent.safeParse(row['body']);
      if (!parsed.success) {
        throw new Error(`stored event at server_seq ${serverSeq} no longer matches the DomainEvent schema: ${formatIssues(parsed.error.issues)}`);
      }
      return { serverSeq, event: parsed.data };
    });
    return { events, nextCursor: events.at(-1)?.serverSeq ?? cursor, upToDate: rows.length <= limit };
  }
}

interface Accepted {
  event: DomainEvent;
  index: number;
}

/** The per-(origin, seq) gate of the push protocol; must run inside one transaction. */
async function appendBatch(tx: SqlExecutor, origin: string, events: readonly DomainEvent[], receivedAt: string): Promise<PushEventResult[]> {
  const head = await lockHead(tx, origin, receivedAt);
  const stored = await storedIdsBySeq(tx, origin, events.filter((e) => e.seq <= head).map((e) => e.seq));
  const claimedIds = await existingEventIds(tx, events.filter((e) => e.seq > head).map((e) => e.id));

  const results: PushEventResult[] = [];
  const accepted: Accepted[] = [];
  let next = head + 1;
  const bySeq = events.map((event, index) => ({ event, index })).sort((a, b) => a.event.seq - b.event.seq);
  for (const { event, index } of bySeq) {
    const { id, seq } = event;
    if (seq < next) {
      const holder = stored.get(seq);
      if (holder === undefined) throw new Error(`origin ${origin} head is at seq ${head} but its event seq ${seq} is missing`);
      results[index] =
        holder === id ? { id, seq, status: 'duplicate' } : { id, seq, status: 'rejected', reason: 'seq already used by another event' };
    } else if (seq > next) {
      results[index] = { id, seq, status: 'rejected', reason: `gap: seq ${seq} pushed but the server expects seq ${next}`, expectedSeq: next };
    } else if (claimedIds.has(id)) {
      results[index] = { id, seq, status: 'rejected', reason: 'event id already used by another event' };
    } else {
      accepted.push({ event, index });
      stored.set(seq, id);
      claimedIds.add(id);
      next += 1;
    }
  }
  if (accepted.length === 0) return results;

  const serverSeqs = await insertEvents(tx, origin, accepted, receivedAt);
  await tx.query('UPDATE origin_heads SET last_seq = $2, updated_at = $3 WHERE origin = $1', [origin, next - 1, receivedAt]);
  for (const { event, index } of accepted) {
    const serverSeq = serverSeqs.get(event.id);
    if (serverSeq === undefined) throw new Error(`insert of event ${event.id} returned no server_seq`);
    results[index] = { id: event.id, seq: event.seq, status: 'accepted', serverSeq };
  }
  return results;
}

async function lockHead(tx: SqlExecutor, origin: string, now: string): Promise<number> {
  // DO NOTHING then FOR UPDATE: two first pushes of a new origin both end up waiting on the same row.
  await tx.query('INSERT INTO origin_heads (origin, last_seq, updated_at) VALUES ($1, 0, $2) ON CONFLICT (origin) DO NOTHING', [origin, now]);
  const [row] = await tx.query('SELECT last_seq FROM origin_heads WHERE origin = $1 FOR UPDATE', [origin]);
  if (row === undefined) throw new Error(`origin_heads row for ${origin} vanished inside its own transaction`);
  return intColumn(row, 'last_seq');
}

async function storedIdsBySeq(tx: SqlExecutor, origin: string, seqs: number[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  if (seqs.length === 0) return ids;
  const rows = await tx.query('SELECT seq, event_id::text AS event_id FROM events WHERE origin = $1 AND seq = ANY($2::bigint[])', [origin, seqs]);
  for (const row of rows) ids.set(intColumn(row, 'seq'), textColumn(row, 'event_id'));
  return ids;
}

async function existingEventIds(tx: SqlExecutor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query('SELECT event_id::text AS event_id FROM events WHERE event_id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((row) => textColumn(row, 'event_id')));
}

async function insertEvents(tx: SqlExecutor, origin: string, accepted: readonly Accepted[], receivedAt: string): Promise<Map<string, number>> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
  const params: (string | number)[] = [origin, receivedAt];
  const tuples = accepted.map(({ event }) => {
    const at = params.length;
    params.push(event.id, event.seq, event.orderId, event.hlc, event.type, event.v, JSON.stringify(event));
    const p = (offset: number) => `$${at + offset}`;
    // text::jsonb because drivers serialize a string parameter typed jsonb as a JSON string literal.
    return `(${p(1)}::uuid, $1, ${p(2)}, ${p(3)}::uuid, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::text::jsonb, $2::timestamptz)`;
  });
  const rows = await tx.query(
    `INSERT INTO events (event_id, origin, seq, order_id, hlc, type, v, body, received_at)
     VALUES ${tuples.join(', ')}
     RETURNING event_id::text AS event_id, server_seq`,
    params,
  );
  return new Map(rows.map((row) => [textColumn(row, 'event_id'), intColumn(row, 'server_seq')]));
}
