import type { Clock } from '../../../shared/clock.js';
import { decodeHlc, encodeHlc, tickHlc, type Hlc } from '../../../shared/hlc.js';
import type { StoreDataView } from '../../../shared/ipc/diagnostics.js';
import type { Logger } from '../../../shared/logger.js';
import { mergeAvailability, sameAvailability } from '../../../shared/menu/availability.js';
import type { Result } from '../../../shared/result.js';
import {
  checkStoreDocument,
  compareStamps,
  incomingWins,
  newerThan,
  SERVER_ONLY_KINDS,
  STORE_DATA_MAX_LEAD_MS,
  type StoreDataBody,
  type StoreDataKind,
  type StoreDataStamp,
  type StoreDataSummary,
  type StoreDocument,
  type StoreDocumentWire,
} from '../../../shared/store-data.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';

/** Where a document came from: written here, the central server, or a peer (by station id). */
export type StoreDataSource = 'local' | 'server' | `peer:${string}`;

export interface StoreDataChange {
  document: StoreDocument;
  source: StoreDataSource;
}

export type StoreDataOutcome = 'won' | 'held' | 'rejected';

export interface StoreDataReject {
  kind: string;
  hlc: string;
  author: string;
  source: string;
  reason: string;
  detectedAt: number;
}

/** The station's clock for stamps that are not events (the event store's). */
export interface StoreDataClock {
  tickClock(): Hlc;
  observeClock(remote: Hlc): boolean;
}

export interface StoreDataDeps {
  db: Db;
  origin: string;
  clock: Clock;
  hlc: StoreDataClock;
  logger: Logger;
}

interface Held {
  document: StoreDocument;
  needsPush: boolean;
  /** When this station stored it (its own clock): "arrived at" for people. */
  receivedAt: number;
}

interface Row {
  kind: string;
  version: number;
  hlc: string;
  author: string;
  body: string;
  needs_push: number;
  received_at: number;
}

/**
 * The store data this station holds: per kind, the last-writer-wins document it has seen (see
 * shared/store-data.ts). A manager's edit here is stamped by the station's clock and waits to be
 * pushed; documents from the server or a peer replace the held one only when their stamp is greater.
 * A document that does not validate is kept out and recorded, and the held one stays in use.
 * Listeners hear every document that wins, after it is stored.
 */
export class StoreData {
  readonly #held = new Map<string, Held>();
  readonly #listeners: ListenerSet<StoreDataChange>;
  readonly #statements;

  constructor(private readonly deps: StoreDataDeps) {
    const { db, logger } = deps;
    this.#listeners = new ListenerSet((error) => logger.error({ err: error }, 'store data listener failed'));
    this.#statements = {
      upsert: db.prepare(
        `INSERT INTO store_data (kind, version, hlc, author, body, needs_push, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET version = excluded.version, hlc = excluded.hlc, author = excluded.author,
           body = excluded.body, needs_push = excluded.needs_push, received_at = excluded.received_at`,
      ),
      pushed: db.prepare<[string, string, string]>('UPDATE store_data SET needs_push = 0 WHERE kind = ? AND hlc = ? AND author = ?'),
      reject: db.prepare(
        'INSERT OR IGNORE INTO store_data_rejects (kind, hlc, author, source, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      rejects: db.prepare<[number], { kind: string; hlc: string; author: string; source: string; reason: string; detected_at: number }>(
        'SELECT kind, hlc, author, source, reason, detected_at FROM store_data_rejects ORDER BY detected_at DESC, rowid DESC LIMIT ?',
      ),
    };
    let newest: Hlc | undefined;
    for (const row of db.prepare<[], Row>('SELECT kind, version, hlc, author, body, needs_push, received_at FROM store_data').all()) {
      const checked = checkStoreDocument({
        kind: row.kind,
        version: row.version,
        hlc: row.hlc,
        author: row.author,
        body: parseJson(row.body),
      });
      // Written by a newer build (a kind or field this one does not know): not used.
      if (!checked.ok) {
        logger.error({ kind: row.kind, reason: checked.reason }, 'stored store data cannot be read by this version; not used');
        continue;
      }
      this.#held.set(row.kind, { document: checked.document, needsPush: row.needs_push === 1, receivedAt: row.received_at });
      const hlc = decodeHlc(row.hlc);
      if (newest === undefined || encodeHlc(hlc) > encodeHlc(newest)) newest = hlc;
    }
    // The clock restarts from the event log, which may be behind the newest document: an edit made now must still win over it.
    if (newest) deps.hlc.observeClock(newest);
  }

  current<K extends StoreDataKind>(kind: K): StoreDocument<K> | undefined {
    return this.#held.get(kind)?.document as StoreDocument<K> | undefined;
  }

  /** When the held document of `kind` was stored here (this station's clock). */
  receivedAt(kind: StoreDataKind): number | undefined {
    return this.#held.get(kind)?.receivedAt;
  }

  documents(): StoreDocument[] {
    return [...this.#held.values()].map((h) => h.document);
  }

  /** Per kind, the stamp held: what a peer is told so it sends only newer documents. */
  summary(): StoreDataSummary {
    return Object.fromEntries([...this.#held].map(([kind, { document }]) => [kind, { hlc: document.hlc, author: document.author }]));
  }

  /** Documents held that are newer than a replica's summary says it holds. */
  newerThan(summary: StoreDataSummary): StoreDocument[] {
    return newerThan(this.documents(), summary);
  }

  /** Documents written here that the central server has not acknowledged yet. */
  pending(): StoreDocument[] {
    return [...this.#held.values()].filter((h) => h.needsPush).map((h) => h.document);
  }

  /** The server has this document: pushed no more (unless another edit here replaced it meanwhile). */
  markPushed(document: StoreDataStamp & { kind: string }): void {
    const held = this.#held.get(document.kind);
    if (!held || compareStamps(held.document, document) !== 0) return;
    this.#statements.pushed.run(document.kind, document.hlc, document.author);
    held.needsPush = false;
  }

  /**
   * A document from the server or a peer. `won`: it is now the one held (stored, then announced);
   * `held`: the one held is as new or newer; `rejected`: it is kept out and recorded.
   */
  applyRemote(wire: StoreDocumentWire, source: Exclude<StoreDataSource, 'local'>): StoreDataOutcome {
    const checked = checkStoreDocument(wire);
    if (!checked.ok) return this.reject(wire, source, checked.reason);
    const lead = decodeHlc(wire.hlc).wallMs - this.deps.clock.now();
    // A stamp from far in the future would win every later edit until the clocks caught up.
    if (lead > STORE_DATA_MAX_LEAD_MS) return this.reject(wire, source, `stamped ${lead} ms ahead of this station's clock`);
    const held = this.#held.get(wire.kind)?.document;
    if (held?.kind === 'menu-availability' && checked.document.kind === 'menu-availability')
      return this.mergeAvailability(held, checked.document, source);
    if (!incomingWins(held, wire)) return 'held';
    this.deps.hlc.observeClock(decodeHlc(wire.hlc));
    this.store(checked.document, false);
    this.deps.logger.info({ kind: wire.kind, version: wire.version, hlc: wire.hlc, author: wire.author, source }, 'store data updated');
    this.#listeners.emit({ document: checked.document, source });
    return 'won';
  }

  /**
   * Availability is merged entry by entry, not replaced (shared/menu/availability.ts): two stations
   * that each marked an item sold out while apart must both be kept. When the incoming document holds
   * everything the merge does and wins, it is taken as it is; when the held one already holds it all,
   * nothing changes; otherwise the merge is written here as a new document, stamped after both, so it
   * wins everywhere and carries both sides on.
   */
  private mergeAvailability(
    held: StoreDocument<'menu-availability'>,
    incoming: StoreDocument<'menu-availability'>,
    source: Exclude<StoreDataSource, 'local'>,
  ): StoreDataOutcome {
    this.deps.hlc.observeClock(decodeHlc(incoming.hlc));
    const merged = mergeAvailability(held.body, incoming.body);
    if (sameAvailability(merged, incoming.body) && incomingWins(held, incoming)) {
      this.store(incoming, false);
      this.deps.logger.info({ kind: incoming.kind, hlc: incoming.hlc, author: incoming.author, source }, 'store data updated');
      this.#listeners.emit({ document: incoming, source });
      return 'won';
    }
    if (sameAvailability(merged, held.body)) return 'held';
    const written = this.writeLocal('menu-availability', merged);
    if (!written.ok) return this.reject(incoming, source, written.error.message);
    this.deps.logger.info({ from: source, hlc: written.value.hlc }, 'availability merged with a concurrent change');
    return 'won';
  }

  /**
   * A manager's edit at this station: a new document stamped after everything this station has
   * seen (and after the document it replaces, whatever the clock says), to be pushed to the server.
   */
  writeLocal<K extends StoreDataKind>(kind: K, body: StoreDataBody<K>): Result<StoreDocument<K>> {
    // The menu and staff are published on the server (it refuses them from a station with 403).
    if (SERVER_ONLY_KINDS.has(kind))
      return { ok: false, error: { code: 'forbidden', message: `${kind} is published on the central server only` } };
    const held = this.#held.get(kind)?.document;
    let hlc = this.deps.hlc.tickClock();
    if (held && encodeHlc(hlc) <= held.hlc) hlc = tickHlc(decodeHlc(held.hlc), 0);
    const checked = checkStoreDocument({ kind, version: (held?.version ?? 0) + 1, hlc: encodeHlc(hlc), author: this.deps.origin, body });
    if (!checked.ok) return { ok: false, error: { code: 'validation', message: checked.reason } };
    this.deps.hlc.observeClock(hlc);
    this.store(checked.document, true);
    this.deps.logger.info({ kind, version: checked.document.version, hlc: checked.document.hlc }, 'store data edited here');
    this.#listeners.emit({ document: checked.document, source: 'local' });
    return { ok: true, value: checked.document as StoreDocument<K> };
  }

  /** Every document that wins here, local or remote, after it is stored. */
  onChange(listener: (change: StoreDataChange) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Documents kept out, newest first (diagnostics). */
  rejects(limit = 50): StoreDataReject[] {
    return this.#statements.rejects.all(limit).map((r) => ({
      kind: r.kind,
      hlc: r.hlc,
      author: r.author,
      source: r.source,
      reason: r.reason,
      detectedAt: r.detected_at,
    }));
  }

  /** For diagnostics: what is held, whether the server has it yet, and what was kept out. */
  view(): StoreDataView {
    const menu = this.#held.get('menu');
    return {
      menu:
        menu?.document.kind === 'menu'
          ? {
              version: menu.document.body.version,
              publishedBy: menu.document.body.publishedBy,
              publishedAtMs: menu.document.body.publishedAtMs,
              receivedAtMs: menu.receivedAt,
            }
          : null,
      documents: [...this.#held.values()].map(({ document: { kind, version, hlc, author }, needsPush }) => ({
        kind,
        version,
        hlc,
        author,
        waitingForServer: needsPush,
      })),
      rejected: this.rejects(),
    };
  }

  private store(document: StoreDocument, needsPush: boolean): void {
    const { kind, version, hlc, author, body } = document;
    const receivedAt = this.deps.clock.now();
    this.#statements.upsert.run(kind, version, hlc, author, JSON.stringify(body), needsPush ? 1 : 0, receivedAt);
    this.#held.set(kind, { document, needsPush, receivedAt });
  }

  private reject(wire: StoreDocumentWire, source: string, reason: string): 'rejected' {
    const recorded = this.#statements.reject.run(wire.kind, wire.hlc, wire.author, source, reason, this.deps.clock.now());
    // Peers offer it again on every reconnect: logged once, recorded once.
    if (recorded.changes > 0)
      this.deps.logger.warn(
        { kind: wire.kind, hlc: wire.hlc, author: wire.author, source, reason },
        'store data document refused; the held one stays',
      );
    return 'rejected';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
