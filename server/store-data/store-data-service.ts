import type { Clock } from '../../shared/clock.js';
import type { StoreDataPage, StoreDocumentPut, StoreDocument, StoreDocumentWire } from '../../shared/store-data.js';
import type { Database, SqlRow } from '../db/database.js';

/** NOTIFY channel: "<store> <change_seq>" after a store document won, so live stations pull it. */
export const STORE_DATA_CHANNEL = 'pos_store_data';
/** Advisory lock class serialising the wins of one store (two-key form, the store's hash as the second key). */
const STORE_DATA_LOCK_KEY = 7_301_005;
const MAX_PAGE = 100;

/**
 * The central copy of each store's data: the same last-writer-wins register per kind as on the
 * stations, so a document a station pushes wins here exactly when it would win anywhere else.
 * Wins are numbered per store (change_seq) under an advisory lock, so a station's cursor never
 * skips a win that commits later with a smaller number.
 */
export class StoreDataService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Applies a checked document; answers whether it won and the document held after it. */
  async put(storeId: string, document: StoreDocument): Promise<StoreDocumentPut> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STORE_DATA_LOCK_KEY, storeId]);
      const won = await tx.query(
        `INSERT INTO store_data AS held (store_id, kind, version, hlc, author, body, change_seq, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, nextval('store_data_change_seq'), $7)
         ON CONFLICT (store_id, kind) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, author = excluded.author,
           body = excluded.body, change_seq = excluded.change_seq, updated_at = excluded.updated_at
         WHERE (held.hlc, held.author) < (excluded.hlc, excluded.author)
         RETURNING change_seq`,
        [
          storeId,
          document.kind,
          document.version,
          document.hlc,
          document.author,
          JSON.stringify(document.body),
          new Date(this.clock.now()).toISOString(),
        ],
      );
      const seq = won[0]?.['change_seq'];
      if (seq !== undefined) await tx.query('SELECT pg_notify($1, $2)', [STORE_DATA_CHANNEL, `${storeId} ${Number(seq)}`]);
      const [current] = await tx.query('SELECT kind, version, hlc, author, body FROM store_data WHERE store_id = $1 AND kind = $2', [
        storeId,
        document.kind,
      ]);
      return { won: seq !== undefined, current: toWire(current!) };
    });
  }

  /**
   * The documents that won after `after`, oldest win first. A cursor beyond the store's newest win
   * (a server restored from an older backup) gets everything again: applying a document twice is harmless.
   */
  async changes(storeId: string, after: number): Promise<StoreDataPage> {
    const [head] = await this.db.query('SELECT coalesce(max(change_seq), 0) AS head FROM store_data WHERE store_id = $1', [storeId]);
    const newest = Number(head?.['head'] ?? 0);
    const from = after > newest ? 0 : after;
    const rows = await this.db.query(
      `SELECT kind, version, hlc, author, body, change_seq FROM store_data
       WHERE store_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3`,
      [storeId, from, MAX_PAGE],
    );
    const last = rows.at(-1);
    return { documents: rows.map(toWire), cursor: last ? Number(last['change_seq']) : Math.min(after, newest) };
  }
}

function toWire(row: SqlRow): StoreDocumentWire {
  return {
    kind: String(row['kind']),
    version: Number(row['version']),
    hlc: String(row['hlc']),
    author: String(row['author']),
    body: typeof row['body'] === 'string' ? (JSON.parse(row['body']) as unknown) : row['body'],
  };
}
