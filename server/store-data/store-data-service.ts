import type { Clock } from '../../shared/clock.js';
import { decodeHlc, encodeHlc, tickHlc } from '../../shared/hlc.js';
import { mergeAvailability, sameAvailability, type MenuAvailability } from '../../shared/menu/availability.js';
import {
  checkStoreDocument,
  SERVER_AUTHOR,
  type StoreDataBody,
  type StoreDataKind,
  type StoreDataPage,
  type StoreDocumentPut,
  type StoreDocument,
  type StoreDocumentWire,
} from '../../shared/store-data.js';
import type { Database, SqlExecutor, SqlRow } from '../db/database.js';

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

  /**
   * Applies a checked document; answers whether it won and the document held after it. An
   * availability document is merged entry by entry with the one held: when the merge differs from
   * what came in (it would otherwise drop someone's concurrent "86"), the server writes the merge
   * under its own newer stamp, and the answer names it so the station applies it.
   */
  async put(storeId: string, document: StoreDocument): Promise<StoreDocumentPut> {
    return this.db.transaction(async (tx) => {
      await lockStore(tx, storeId);
      const result = await this.upsert(tx, storeId, document);
      if (result.won && document.kind === 'menu-availability') {
        const merged = mergeAvailability(availabilityOf(result.previous), document.body);
        if (!sameAvailability(merged, document.body)) {
          const current = await this.stampAndWrite(tx, storeId, 'menu-availability', document, merged);
          return { won: true, current };
        }
      }
      return { won: result.won, current: result.current };
    });
  }

  /**
   * A document the server itself writes (a menu publish, an availability change from the back office,
   * staff): under the store's lock, `build` sees the document held (and may refuse by throwing); the
   * result is stamped after it and after the server's clock, so it wins everywhere.
   */
  async writeAsServer<K extends StoreDataKind>(
    storeId: string,
    kind: K,
    build: (held: StoreDocumentWire | undefined, tx: SqlExecutor) => Promise<StoreDataBody<K>>,
  ): Promise<StoreDocumentWire> {
    return this.db.transaction(async (tx) => {
      await lockStore(tx, storeId);
      const held = await this.held(tx, storeId, kind);
      const body = await build(held, tx);
      return this.stampAndWrite(tx, storeId, kind, held, body);
    });
  }

  /** The document of a kind the store holds now. */
  async get(storeId: string, kind: StoreDataKind, db: SqlExecutor = this.db): Promise<StoreDocumentWire | undefined> {
    return this.held(db, storeId, kind);
  }

  private async held(db: SqlExecutor, storeId: string, kind: string): Promise<StoreDocumentWire | undefined> {
    const [row] = await db.query('SELECT kind, version, hlc, author, body FROM store_data WHERE store_id = $1 AND kind = $2', [
      storeId,
      kind,
    ]);
    return row === undefined ? undefined : toWire(row);
  }

  private async stampAndWrite<K extends StoreDataKind>(
    tx: SqlExecutor,
    storeId: string,
    kind: K,
    after: { hlc: string; version: number } | undefined,
    body: StoreDataBody<K>,
  ): Promise<StoreDocumentWire> {
    const now = this.clock.now();
    const hlc = encodeHlc(tickHlc(after === undefined ? { wallMs: 0, counter: 0 } : decodeHlc(after.hlc), now));
    const version = kind === 'menu' ? (body as StoreDataBody<'menu'>).version : (after?.version ?? 0) + 1;
    const document = { kind, version, hlc, author: SERVER_AUTHOR, body } as StoreDocument;
    const result = await this.upsert(tx, storeId, document);
    if (!result.won) throw new Error(`a server-stamped ${kind} document lost to ${result.current.hlc}/${result.current.author}`);
    return result.current;
  }

  private async upsert(
    tx: SqlExecutor,
    storeId: string,
    document: StoreDocument,
  ): Promise<{ won: boolean; current: StoreDocumentWire; previous: StoreDocumentWire | undefined }> {
    {
      const previous = await this.held(tx, storeId, document.kind);
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
      const current = await this.held(tx, storeId, document.kind);
      return { won: seq !== undefined, current: current!, previous };
    }
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

function availabilityOf(held: StoreDocumentWire | undefined): MenuAvailability {
  if (held === undefined) return { items: {} };
  const checked = checkStoreDocument(held);
  return checked.ok && checked.document.kind === 'menu-availability' ? checked.document.body : { items: {} };
}

function lockStore(tx: SqlExecutor, storeId: string): Promise<unknown> {
  return tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STORE_DATA_LOCK_KEY, storeId]);
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
