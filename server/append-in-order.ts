import type { DomainEvent } from '../shared/events.js';
import type { PushEventResult } from '../shared/sync/protocol.js';
import { intColumn, textColumn } from './db/columns.js';
import type { Database } from './db/database.js';
import { APPEND_LOCK_KEY, EVENTS_CHANNEL, type Candidate, type PushOutcome } from './event-log.js';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * The common push in one statement (one round trip, its own transaction): a batch of valid events
 * whose seqs continue the origin's head without a gap, which is what a station's outbox sends. The
 * statement locks the head row only if it still ends right before the batch, appends under the
 * store's append lock, moves the head and notifies listeners on commit.
 *
 * Returns undefined when it stored nothing and the full gate must decide: the batch is not of that
 * shape, the origin is new, its head has moved (a retry, a gap, a concurrent push of the same
 * events), or an event id is already taken (the insert fails as a whole and the gate records the
 * rejection). So every outcome it returns is the one the gate would have given.
 */
export async function appendInOrder(
  db: Database,
  storeId: string,
  origin: string,
  candidates: readonly Candidate[],
  receivedAt: string,
): Promise<PushOutcome | undefined> {
  const events: DomainEvent[] = [];
  for (const candidate of candidates) {
    if (candidate.kind !== 'valid') return undefined;
    events.push(candidate.event);
  }
  events.sort((a, b) => a.seq - b.seq);
  const ids = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i > 0 && event.seq !== events[i - 1]!.seq + 1) return undefined;
    if (ids.has(event.id)) return undefined;
    ids.add(event.id);
  }
  const first = events[0];
  const last = events.at(-1);
  if (first === undefined || last === undefined) return undefined;

  let rows;
  try {
    rows = await db.query(
      `WITH head AS (
         SELECT 1 FROM origin_heads WHERE store_id = $1 AND origin = $2 AND last_seq = $5 FOR UPDATE
       ),
       append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock($4, hashtext($1)) IS NULL AS taken FROM head),
       inserted AS (
         INSERT INTO events (store_id, event_id, origin, seq, order_id, hlc, type, v, body, received_at)
         SELECT $1, (b->>'id')::uuid, $2, (b->>'seq')::bigint, (b->>'orderId')::uuid, b->>'hlc', b->>'type', (b->>'v')::integer, b, $3::timestamptz
         FROM append_lock, jsonb_array_elements($8::text::jsonb) AS b
         RETURNING event_id, server_seq, hlc
       ),
       moved AS (
         UPDATE origin_heads SET last_seq = $6, last_hlc = greatest(last_hlc, (SELECT max(hlc) FROM inserted)), updated_at = $3::timestamptz
         WHERE store_id = $1 AND origin = $2 AND EXISTS (SELECT 1 FROM head)
       )
       SELECT event_id::text AS event_id, server_seq, NULL AS notified FROM inserted
       UNION ALL
       SELECT NULL, NULL, pg_notify($7, $1 || ' ' || max(server_seq)) IS NULL FROM inserted HAVING count(*) > 0`,
      [storeId, origin, receivedAt, APPEND_LOCK_KEY, first.seq - 1, last.seq, EVENTS_CHANNEL, JSON.stringify(events)],
    );
  } catch (error) {
    // An id someone already used: nothing was written; the gate turns it into a rejection.
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return undefined;
    throw error;
  }
  const serverSeqs = new Map<string, number>();
  for (const row of rows) if (row['event_id'] !== null) serverSeqs.set(textColumn(row, 'event_id'), intColumn(row, 'server_seq'));
  if (serverSeqs.size === 0) return undefined;
  if (serverSeqs.size !== events.length) throw new Error(`in-order append stored ${serverSeqs.size} of ${events.length} events`);
  const results: PushEventResult[] = candidates.map(({ id, seq }) => ({ id, seq, status: 'accepted', serverSeq: serverSeqs.get(id)! }));
  return { results, accepted: events };
}
