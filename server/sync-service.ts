import type { Clock } from '../shared/clock.js';
import { admitEvent, DomainEvent } from '../shared/events.js';
import { err, ok, type Result } from '../shared/result.js';
import { MAX_PULL_PAGE, type PullResponse, type PushBatch, type PushEventResult, type RejectionCode } from '../shared/sync/protocol.js';
import { intColumn, textColumn } from './db/columns.js';
import type { Database, SqlExecutor } from './db/database.js';
import { formatIssues } from './issues.js';
import { findNul, withoutNul } from './nul.js';

export type PullPage = Omit<PullResponse, 'serverTime'>;

/** NOTIFY channel carrying "<store> <serverSeq>" after every commit that appended events. */
export const EVENTS_CHANNEL = 'pos_events';

/**
 * Serializes the append step per store so that, within a store, commit order equals server_seq
 * order. Without it, on a multi-connection PostgreSQL a puller could read server_seq 10 while 9 is
 * still uncommitted, move its cursor past 9 and never see it. Pulls are per store, so stores need
 * not wait for each other.
 */
const APPEND_LOCK_KEY = 7_301_002;

/** Actual (the budgeting app) lost a shared log to one far-future timestamp; one day is the bound. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

export interface SyncServiceOptions {
  maxFutureSkewMs?: number;
}

export interface PushOutcome {
  results: PushEventResult[];
  /** The events stored by this push, in seq order. */
  accepted: DomainEvent[];
}

/** One pushed event after the per-event checks that need no database. */
export type Candidate =
  | { kind: 'valid'; id: string; seq: number; event: DomainEvent }
  | { kind: 'refused'; id: string; seq: number; code: Exclude<RejectionCode, 'seq_gap' | 'seq_conflict' | 'event_id_conflict'>; reason: string; body: unknown };

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
    return ok(await this.db.transaction((tx) => appendEvents(tx, storeId, batch.origin, candidates, receivedAt)));
  }

  /** Schema, version and clock checks from the shared event catalogue; no database needed. */
  classify(raw: { id: string; seq: number } & Record<string, unknown>, now: number): Candidate {
    const { id, seq } = raw;
    const nul = findNul(raw);
    if (nul !== undefined) {
      return { kind: 'refused', id, seq, code: 'invalid_event', reason: `${nul}: NUL characters (\\u0000) cannot be stored`, body: withoutNul(raw) };
    }
    const admission = admitEvent(raw, { nowMs: now, maxDriftMs: this.maxFutureSkewMs });
    if (admission.ok) return { kind: 'valid', id, seq, event: admission.event };
    return { kind: 'refused', id, seq, code: admission.error.code, reason: admission.error.message, body: raw };
  }

  async pull(storeId: string, cursor: number, limit: number): Promise<PullPage> {
    if (!Number.isSafeInteger(cursor) || cursor < 0) throw new RangeError(`cursor must be a non-negative integer, got ${cursor}`);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_PAGE) throw new RangeError(`limit must be 1..${MAX_PULL_PAGE}, got ${limit}`);
    // One extra row tells whether this page reaches the end without a second query.
    const rows = await this.db.query(
      'SELECT server_seq, body FROM events WHERE store_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3',
      [storeId, cursor, limit + 1],
    );
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
  const verdicts = await storedVerdicts(tx, storeId, origin, candidates.filter((c) => c.seq <= head).map((c) => c.seq));
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
      if (holder.id !== id) results[index] = { id, seq, status: 'rejected', code: 'seq_conflict', reason: 'seq already used by another event' };
      else if (holder.rejection) results[index] = { id, seq, status: 'rejected', ...holder.rejection };
      else results[index] = { id, seq, status: 'duplicate' };
      continue;
    }
    if (seq > next) {
      results[index] = { id, seq, status: 'rejected', code: 'seq_gap', reason: `gap: seq ${seq} pushed but the server expects seq ${next}`, expectedSeq: next };
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

  const serverSeqs = accepted.length === 0 ? new Map<string, number>() : await insertEvents(tx, storeId, origin, accepted, receivedAt);
  const stored: DomainEvent[] = [];
  let newest = 0;
  for (const { event, index } of accepted) {
    const serverSeq = serverSeqs.get(event.id);
    if (serverSeq === undefined) {
      // The unique index said another event already holds this id: a permanent rejection.
      const rejection = { code: 'event_id_conflict' as const, reason: 'event id already used by another event' };
      refused.push({ candidate: { kind: 'valid', id: event.id, seq: event.seq, event }, ...rejection });
      results[index] = { id: event.id, seq: event.seq, status: 'rejected', ...rejection };
      continue;
    }
    newest = Math.max(newest, serverSeq);
    stored.push(event);
    results[index] = { id: event.id, seq: event.seq, status: 'accepted', serverSeq };
  }
  if (refused.length > 0) await insertRejections(tx, storeId, origin, refused, receivedAt);
  const lastHlc = stored.reduce<string | null>((max, event) => (max === null || event.hlc > max ? event.hlc : max), null);
  await tx.query('UPDATE origin_heads SET last_seq = $3, last_hlc = greatest(last_hlc, $4), updated_at = $5 WHERE store_id = $1 AND origin = $2', [
    storeId,
    origin,
    next - 1,
    lastHlc,
    receivedAt,
  ]);
  // Delivered to every instance's listeners only when this transaction commits.
  if (stored.length > 0) await tx.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${storeId} ${newest}`]);
  return { results, accepted: stored };
}

/** Locks the origin's head row for this transaction and returns its last seq. */
export async function lockHead(tx: SqlExecutor, storeId: string, origin: string, now: string): Promise<number> {
  return (await lockHeadRow(tx, storeId, origin, now)).lastSeq;
}

export async function lockHeadRow(tx: SqlExecutor, storeId: string, origin: string, now: string): Promise<{ lastSeq: number; lastHlc: string | null }> {
  // DO NOTHING then FOR UPDATE: two first pushes of a new origin both end up waiting on the same row.
  await tx.query(
    'INSERT INTO origin_heads (store_id, origin, last_seq, updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT (store_id, origin) DO NOTHING',
    [storeId, origin, now],
  );
  const [row] = await tx.query('SELECT last_seq, last_hlc FROM origin_heads WHERE store_id = $1 AND origin = $2 FOR UPDATE', [storeId, origin]);
  if (row === undefined) throw new Error(`origin_heads row for ${storeId}/${origin} vanished inside its own transaction`);
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
  await tx.query(`INSERT INTO rejected_events (store_id, origin, seq, event_id, code, reason, body, received_at) VALUES ${tuples.join(', ')}`, params);
}

async function insertEvents(
  tx: SqlExecutor,
  storeId: string,
  origin: string,
  accepted: readonly { event: DomainEvent }[],
  receivedAt: string,
): Promise<Map<string, number>> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK_KEY, storeId]);
  const params: (string | number)[] = [storeId, origin, receivedAt];
  const tuples = accepted.map(({ event }) => {
    const at = params.length;
    params.push(event.id, event.seq, event.orderId, event.hlc, event.type, event.v, JSON.stringify(event));
    const p = (offset: number) => `$${at + offset}`;
    // text::jsonb because drivers serialize a string parameter typed jsonb as a JSON string literal.
    return `($1, ${p(1)}::uuid, $2, ${p(2)}, ${p(3)}::uuid, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::text::jsonb, $3::timestamptz)`;
  });
  const rows = await tx.query(
    `INSERT INTO events (store_id, event_id, origin, seq, order_id, hlc, type, v, body, received_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id::text AS event_id, server_seq`,
    params,
  );
  return new Map(rows.map((row) => [textColumn(row, 'event_id'), intColumn(row, 'server_seq')]));
}
