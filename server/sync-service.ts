import type { Clock } from '../shared/clock.js';
import { admitEvent, type DomainEvent } from '../shared/events.js';
import { err, ok, type Result } from '../shared/result.js';
import { MAX_PULL_PAGE, type PullResponse, type PushBatch, type PushEventResult, type RejectionCode } from '../shared/sync/protocol.js';
import { intColumn, textColumn } from './db/columns.js';
import type { Database, SqlExecutor, SqlRow } from './db/database.js';
import { appendInOrder } from './append-in-order.js';
import { APPEND_LOCK_KEY, EVENTS_CHANNEL, type Candidate, type PushOutcome } from './event-log.js';
import { findNul, withoutNul } from './nul.js';

/** A pulled event as stored: its server cursor and its body's JSON text. */
export interface StoredEventText {
  serverSeq: number;
  body: string;
}

/** A row of `server_seq` and `body` text as a pulled event. */
function storedEventText(row: SqlRow): StoredEventText {
  return { serverSeq: intColumn(row, 'server_seq'), body: textColumn(row, 'body') };
}

/** A pull page as read from the log; `pullResponseJson` turns it into the wire `PullResponse`. */
export type PullPage = Omit<PullResponse, 'serverTime' | 'events'> & { events: StoredEventText[] };

/**
 * The `PullResponse` JSON of a page, with each stored body spliced in as it is (stored bodies are
 * JSON documents, so the result is well-formed): no parse and re-serialisation of every event.
 */
export function pullResponseJson(page: PullPage, serverTime: number): string {
  const events = page.events.map((e) => `{"serverSeq":${e.serverSeq},"event":${e.body}}`).join(',');
  const rest: Omit<PullResponse, 'events'> = {
    nextCursor: page.nextCursor,
    upToDate: page.upToDate,
    ...(page.head === undefined ? {} : { head: page.head }),
    serverTime,
  };
  return `{"events":[${events}],${JSON.stringify(rest).slice(1)}`;
}

/** Events a puller already holds and need not be sent: its own origin's, up to a seq. */
export interface PullExclusion {
  origin: string;
  throughSeq: number;
}

export { EVENTS_CHANNEL, type Candidate, type PushOutcome } from './event-log.js';

/** Actual (the budgeting app) lost a shared log to one far-future timestamp; one day is the bound. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export interface SyncServiceOptions {
  maxFutureSkewMs?: number;
}

export class SyncService {
  private readonly maxFutureSkewMs: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: SyncServiceOptions = {},
  ) {
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  }

  /** Results come back in request order; a bad request (foreign origin) stores nothing. */
  async push(storeId: string, batch: PushBatch): Promise<Result<PushOutcome>> {
    const stranger = batch.events.findIndex((event) => event.origin !== batch.origin);
    if (stranger >= 0) {
      const origin = batch.events[stranger]?.origin ?? '';
      return err('bad_request', `events.${stranger}.origin: "${origin}" does not match the request origin "${batch.origin}"`);
    }
    const now = this.clock.now();
    const candidates = batch.events.map((raw) => this.classify(raw, now));
    const receivedAt = new Date(now).toISOString();
    // A station's next events, all valid: one statement. Anything else, or a race it loses, goes
    // through the full gate.
    const appended = await appendInOrder(this.db, storeId, batch.origin, candidates, receivedAt);
    if (appended !== undefined) return ok(appended);
    return ok(await this.db.transaction((tx) => appendEvents(tx, storeId, batch.origin, candidates, receivedAt)));
  }

  /** Schema, version and clock checks from the shared event catalogue; no database needed. */
  classify(raw: { id: string; seq: number } & Record<string, unknown>, now: number): Candidate {
    const { id, seq } = raw;
    const nul = findNul(raw);
    if (nul !== undefined) {
      return {
        kind: 'refused',
        id,
        seq,
        code: 'invalid_event',
        reason: `${nul}: NUL characters (\\u0000) cannot be stored`,
        body: withoutNul(raw),
      };
    }
    const admission = admitEvent(raw, { nowMs: now, maxDriftMs: this.maxFutureSkewMs });
    if (admission.ok) return { kind: 'valid', id, seq, event: admission.event };
    return { kind: 'refused', id, seq, code: admission.error.code, reason: admission.error.message, body: raw };
  }

  /**
   * A page of the store's log. Bodies come back as their stored JSON text: each was validated
   * against the shared schema when it was appended and is never changed, so re-parsing and
   * re-validating it for every pull would only cost time (the station validates what it receives).
   */
  async pull(storeId: string, cursor: number, limit: number, except?: PullExclusion): Promise<PullPage> {
    if (!Number.isSafeInteger(cursor) || cursor < 0) throw new RangeError(`cursor must be a non-negative integer, got ${cursor}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_PAGE)
      throw new RangeError(`limit must be 1..${MAX_PULL_PAGE}, got ${limit}`);
    if (except !== undefined) return this.pullExcept(storeId, cursor, limit, except);
    // One extra row tells whether this page reaches the end without a second query.
    const rows = await this.db.query(
      'SELECT server_seq, body::text AS body FROM events WHERE store_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3',
      [storeId, cursor, limit + 1],
    );
    const events = rows.slice(0, limit).map(storedEventText);
    const nextCursor = events.at(-1)?.serverSeq ?? cursor;
    const upToDate = rows.length <= limit;
    // A page that reaches the end already knows the head; otherwise one index lookup tells it.
    const head = upToDate && events.length > 0 ? nextCursor : await this.head(storeId);
    return { events, nextCursor, upToDate, head };
  }

  /**
   * A page without the events the caller says it already holds (its own, up to its last seq). The
   * head is read in the same statement, so in the same snapshot as the page: a page that reaches
   * the end moves the cursor to it past every skipped event, and never past one it did not see
   * (appends commit in server_seq order under the append lock, so a snapshot holds a prefix).
   */
  private async pullExcept(storeId: string, cursor: number, limit: number, except: PullExclusion): Promise<PullPage> {
    const rows = await this.db.query(
      `WITH page AS (
         SELECT server_seq, body FROM events
         WHERE store_id = $1 AND server_seq > $2 AND NOT (origin = $4 AND seq <= $5)
         ORDER BY server_seq LIMIT $3
       )
       SELECT server_seq, body::text AS body, NULL AS head FROM page
       UNION ALL
       SELECT NULL, NULL, coalesce(max(server_seq), 0) FROM events WHERE store_id = $1`,
      [storeId, cursor, limit + 1, except.origin, except.throughSeq],
    );
    const headRow = rows.find((row) => row['head'] !== null);
    if (headRow === undefined) throw new Error('pull: the head row is missing');
    const head = intColumn(headRow, 'head');
    const found = rows.filter((row) => row['head'] === null);
    const events = found.slice(0, limit).map(storedEventText);
    const upToDate = found.length <= limit;
    const nextCursor = upToDate ? Math.max(cursor, head) : events.at(-1)!.serverSeq;
    return { events, nextCursor, upToDate, head };
  }

  /** The newest server cursor of a store (0 when it has no events). */
  async head(storeId: string): Promise<number> {
    const [row] = await this.db.query('SELECT coalesce(max(server_seq), 0) AS head FROM events WHERE store_id = $1', [storeId]);
    return row === undefined ? 0 : intColumn(row, 'head');
  }
}

interface Verdict {
  id: string;
  rejection?: { code: RejectionCode; reason: string };
}

/**
 * The per-(origin, seq) gate of the push protocol; must run inside one transaction. Channel ingress
 * appends through the same gate, so every event in the log went through one set of rules.
 */
export async function appendEvents(
  tx: SqlExecutor,
  storeId: string,
  origin: string,
  candidates: readonly Candidate[],
  receivedAt: string,
): Promise<PushOutcome> {
  const head = await lockHead(tx, storeId, origin, receivedAt);
  const verdicts = await storedVerdicts(
    tx,
    storeId,
    origin,
    candidates.filter((c) => c.seq <= head).map((c) => c.seq),
  );
  // Ids taken by events already in the log surface as insert conflicts below; this set only
  // catches one id used twice within the batch.
  const claimedIds = new Set<string>();

  const results: PushEventResult[] = [];
  const accepted: { event: DomainEvent; index: number }[] = [];
  const refused: { candidate: Candidate; code: RejectionCode; reason: string }[] = [];
  let next = head + 1;
  const bySeq = candidates.map((candidate, index) => ({ candidate, index })).sort((a, b) => a.candidate.seq - b.candidate.seq);
  for (const { candidate, index } of bySeq) {
    const { id, seq } = candidate;
    if (seq < next) {
      const holder = verdicts.get(seq);
      if (holder === undefined) throw new Error(`origin ${storeId}/${origin} head is at seq ${head} but its seq ${seq} has no record`);
      if (holder.id !== id)
        results[index] = { id, seq, status: 'rejected', code: 'seq_conflict', reason: 'seq already used by another event' };
      else if (holder.rejection) results[index] = { id, seq, status: 'rejected', ...holder.rejection };
      else results[index] = { id, seq, status: 'duplicate' };
      continue;
    }
    if (seq > next) {
      results[index] = {
        id,
        seq,
        status: 'rejected',
        code: 'seq_gap',
        reason: `gap: seq ${seq} pushed but the server expects seq ${next}`,
        expectedSeq: next,
      };
      continue;
    }
    if (candidate.kind === 'refused' && candidate.code === 'unsupported_event') {
      // Not consumed: once the server knows the type, the same event is accepted.
      results[index] = { id, seq, status: 'rejected', code: candidate.code, reason: candidate.reason };
      continue;
    }
    let rejection: { code: RejectionCode; reason: string } | undefined;
    if (claimedIds.has(id)) rejection = { code: 'event_id_conflict', reason: 'event id already used by another event' };
    else if (candidate.kind === 'refused') rejection = { code: candidate.code, reason: candidate.reason };
    if (rejection) {
      refused.push({ candidate, ...rejection });
      results[index] = { id, seq, status: 'rejected', ...rejection };
      verdicts.set(seq, { id, rejection });
    } else if (candidate.kind === 'valid') {
      accepted.push({ event: candidate.event, index });
      verdicts.set(seq, { id });
    }
    claimedIds.add(id);
    next += 1;
  }
  if (next === head + 1) return { results, accepted: [] };

  const lastSeq = next - 1;
  const appended = accepted.length === 0 ? undefined : await insertEvents(tx, storeId, origin, accepted, receivedAt, lastSeq);
  if (appended === undefined) {
    await tx.query('UPDATE origin_heads SET last_seq = $3, updated_at = $4 WHERE store_id = $1 AND origin = $2', [
      storeId,
      origin,
      lastSeq,
      receivedAt,
    ]);
  }
  const serverSeqs = appended ?? new Map<string, number>();
  const stored: DomainEvent[] = [];
  for (const { event, index } of accepted) {
    const serverSeq = serverSeqs.get(event.id);
    if (serverSeq === undefined) {
      // The unique index said another event already holds this id: a permanent rejection.
      const rejection = { code: 'event_id_conflict' as const, reason: 'event id already used by another event' };
      refused.push({ candidate: { kind: 'valid', id: event.id, seq: event.seq, event }, ...rejection });
      results[index] = { id: event.id, seq: event.seq, status: 'rejected', ...rejection };
      continue;
    }
    stored.push(event);
    results[index] = { id: event.id, seq: event.seq, status: 'accepted', serverSeq };
  }
  if (refused.length > 0) await insertRejections(tx, storeId, origin, refused, receivedAt);
  return { results, accepted: stored };
}

/** Locks the origin's head row for this transaction and returns its last seq. */
export async function lockHead(tx: SqlExecutor, storeId: string, origin: string, now: string): Promise<number> {
  return (await lockHeadRow(tx, storeId, origin, now)).lastSeq;
}

export async function lockHeadRow(
  tx: SqlExecutor,
  storeId: string,
  origin: string,
  now: string,
): Promise<{ lastSeq: number; lastHlc: string | null }> {
  // One round trip that creates the row of a new origin or locks the existing one. Two first
  // pushes of a new origin: the second waits on the first's insert, then locks the committed row.
  const [row] = await tx.query(
    `INSERT INTO origin_heads (store_id, origin, last_seq, updated_at) VALUES ($1, $2, 0, $3)
     ON CONFLICT (store_id, origin) DO UPDATE SET last_seq = origin_heads.last_seq
     RETURNING last_seq, last_hlc`,
    [storeId, origin, now],
  );
  if (row === undefined) throw new Error(`origin_heads upsert for ${storeId}/${origin} returned no row`);
  const lastHlc = row['last_hlc'];
  return { lastSeq: intColumn(row, 'last_seq'), lastHlc: typeof lastHlc === 'string' ? lastHlc : null };
}

async function storedVerdicts(tx: SqlExecutor, storeId: string, origin: string, seqs: number[]): Promise<Map<number, Verdict>> {
  const verdicts = new Map<number, Verdict>();
  if (seqs.length === 0) return verdicts;
  const rows = await tx.query(
    `SELECT seq, event_id::text AS event_id, NULL AS code, NULL AS reason FROM events WHERE store_id = $1 AND origin = $2 AND seq = ANY($3::bigint[])
     UNION ALL
     SELECT seq, event_id::text, code, reason FROM rejected_events WHERE store_id = $1 AND origin = $2 AND seq = ANY($3::bigint[])`,
    [storeId, origin, seqs],
  );
  for (const row of rows) {
    const code = row['code'];
    const verdict: Verdict = { id: textColumn(row, 'event_id') };
    if (typeof code === 'string') verdict.rejection = { code: code as RejectionCode, reason: textColumn(row, 'reason') };
    verdicts.set(intColumn(row, 'seq'), verdict);
  }
  return verdicts;
}

async function insertRejections(
  tx: SqlExecutor,
  storeId: string,
  origin: string,
  refused: readonly { candidate: Candidate; code: RejectionCode; reason: string }[],
  receivedAt: string,
): Promise<void> {
  const params: (string | number)[] = [storeId, origin, receivedAt];
  const tuples = refused.map(({ candidate, code, reason }) => {
    const at = params.length;
    const body = candidate.kind === 'valid' ? candidate.event : candidate.body;
    params.push(candidate.seq, candidate.id, code, reason, JSON.stringify(body));
    const p = (offset: number) => `$${at + offset}`;
    return `($1, $2, ${p(1)}, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}::text::jsonb, $3::timestamptz)`;
  });
  await tx.query(
    `INSERT INTO rejected_events (store_id, origin, seq, event_id, code, reason, body, received_at) VALUES ${tuples.join(', ')}`,
    params,
  );
}

/**
 * Appends the accepted events, moves the origin's head to `lastSeq` and notifies listeners, in one
 * statement (one round trip per batch). Returns the server seq of every event it stored; an event
 * whose id another event already holds is left out (ON CONFLICT DO NOTHING).
 */
async function insertEvents(
  tx: SqlExecutor,
  storeId: string,
  origin: string,
  accepted: readonly { event: DomainEvent }[],
  receivedAt: string,
  lastSeq: number,
): Promise<Map<string, number>> {
  // The whole batch travels as one JSON array and the key columns are read out of each body in SQL:
  // a constant statement with seven parameters instead of seven per event, which PostgreSQL parses
  // and plans far faster, and the columns can never disagree with the stored body. text::jsonb
  // because drivers serialize a string parameter typed jsonb as a JSON string literal.
  // The append lock is joined into the insert's source, so it is held before the first server_seq
  // is drawn; rows are inserted in array (seq) order. The NOTIFY row exists only when something
  // was stored, and is delivered on commit.
  const rows = await tx.query(
    `WITH append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($4, hashtext($1)) IS NULL AS taken),
     inserted AS (
       INSERT INTO events (store_id, event_id, origin, seq, order_id, hlc, type, v, body, received_at)
       SELECT $1, (b->>'id')::uuid, $2, (b->>'seq')::bigint, (b->>'orderId')::uuid, b->>'hlc', b->>'type', (b->>'v')::integer, b, $3::timestamptz
       FROM append_lock, jsonb_array_elements($7::text::jsonb) AS b
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id, server_seq, hlc
     ),
     head AS (
       UPDATE origin_heads SET last_seq = $5, last_hlc = greatest(last_hlc, (SELECT max(hlc) FROM inserted)), updated_at = $3::timestamptz
       WHERE store_id = $1 AND origin = $2
     )
     SELECT event_id::text AS event_id, server_seq, NULL AS notified FROM inserted
     UNION ALL
     SELECT NULL, NULL, pg_notify($6, $1 || ' ' || max(server_seq)) IS NULL FROM inserted HAVING count(*) > 0`,
    [storeId, origin, receivedAt, APPEND_LOCK_KEY, lastSeq, EVENTS_CHANNEL, JSON.stringify(accepted.map(({ event }) => event))],
  );
  const serverSeqs = new Map<string, number>();
  for (const row of rows) if (row['event_id'] !== null) serverSeqs.set(textColumn(row, 'event_id'), intColumn(row, 'server_seq'));
  return serverSeqs;
}
