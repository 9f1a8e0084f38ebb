import { canonicalJson } from '../../../shared/canonical.js';
import { DomainEvent } from '../../../shared/events.js';
import type { Db } from '../db/open-database.js';

/** One held event as stored: peers get the stored bytes, not a re-serialisation. */
export interface HeldEvent {
  seq: number;
  body: string;
}

export interface PeerConflict {
  origin: string;
  seq: number;
  heldId: string;
  offeredId: string;
  peer: string;
  detectedAt: number;
}

/** What `admit` decided for one offered event. */
export type Admission = 'insert' | 'duplicate' | 'conflict' | 'gap';

/**
 * The event log as the mesh sees it: per origin, the highest contiguous seq held (the version
 * vector), counted from the origin's floor (the seq at or below which a missing event was compacted
 * and is left to the server), the ranges peers miss, and the check every offered event passes.
 * The vector lives in memory, built from the log at start and moved after each commit.
 */
export class MeshLog {
  private readonly vv = new Map<string, number>();
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      origins: db.prepare<[], { origin: string }>('SELECT DISTINCT origin FROM events'),
      floors: db.prepare<[], { origin: string; floor: number }>('SELECT origin, floor FROM origin_floors'),
      // Read each time, not cached: compaction raises floors in its own transaction.
      floor: db.prepare<[string], { floor: number }>('SELECT floor FROM origin_floors WHERE origin = ?'),
      raiseFloor: db.prepare<[string, number]>(
        'INSERT INTO origin_floors (origin, floor) VALUES (?, ?) ON CONFLICT (origin) DO UPDATE SET floor = max(floor, excluded.floor)',
      ),
      held: db.prepare<[string, number], { id: string; body: string }>('SELECT id, body FROM events WHERE origin = ? AND seq = ?'),
      exists: db.prepare<[string, number], { one: 1 }>('SELECT 1 AS one FROM events WHERE origin = ? AND seq = ?'),
      byId: db.prepare<[string], { origin: string; seq: number }>('SELECT origin, seq FROM events WHERE id = ?'),
      // The end of the run of held seqs that starts right after `seq` (the caller checked seq + 1 is held).
      runEnd: db.prepare<[string, number], { s: number | null }>(
        `SELECT min(e.seq) AS s FROM events e
         WHERE e.origin = ? AND e.seq > ? AND NOT EXISTS (SELECT 1 FROM events n WHERE n.origin = e.origin AND n.seq = e.seq + 1)`,
      ),
      range: db.prepare<[string, number, number, number], HeldEvent>(
        'SELECT seq, body FROM events WHERE origin = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      ),
      recordConflict: db.prepare<[string, number, string, string, string, string, number]>(
        `INSERT OR IGNORE INTO peer_conflicts (origin, seq, held_id, offered_id, offered_body, peer, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      conflicts: db.prepare<[number], PeerConflict>(
        `SELECT origin, seq, held_id AS heldId, offered_id AS offeredId, peer, detected_at AS detectedAt
         FROM peer_conflicts ORDER BY detected_at DESC, origin, seq LIMIT ?`,
      ),
    };
    const floored = this.statements.floors.all().map((r) => r.origin);
    for (const origin of new Set([...floored, ...this.statements.origins.all().map((r) => r.origin)])) this.advance(origin);
  }

  /** origin → highest contiguous seq held (or compacted). */
  vector(): Record<string, number> {
    return Object.fromEntries(this.vv);
  }

  contiguous(origin: string): number {
    return this.vv.get(origin) ?? 0;
  }

  floor(origin: string): number {
    return this.statements.floor.get(origin)?.floor ?? 0;
  }

  /** After a commit: the vector moves over the inserted events and any held run they joined. */
  noteInserted(events: readonly { origin: string }[]): void {
    for (const origin of new Set(events.map((e) => e.origin))) this.advance(origin);
  }

  /** A peer compacted this origin up to `through`: missing seqs there are the server's to give, not a gap. */
  raiseFloor(origin: string, through: number): void {
    if (through <= this.floor(origin)) return;
    this.statements.raiseFloor.run(origin, through);
    this.advance(origin);
  }

  /** Held events of `origin` after `after`, up to the contiguous end, in seq order. */
  range(origin: string, after: number, limit: number): HeldEvent[] {
    return this.statements.range.all(origin, after, this.contiguous(origin), limit);
  }

  /**
   * Inside a peer page's transaction: whether an offered event may be stored. An (origin, seq) or
   * an id held with another body is a conflict (recorded, refused, never merged); an event whose
   * predecessor is neither held nor below the floor is a gap (left out; the caller asks again).
   */
  admit(event: DomainEvent, peer: string, now: number): Admission {
    const held = this.statements.held.get(event.origin, event.seq);
    if (held) {
      if (held.id === event.id && sameBody(held.body, event)) return 'duplicate';
      this.statements.recordConflict.run(event.origin, event.seq, held.id, event.id, JSON.stringify(event), peer, now);
      return 'conflict';
    }
    const elsewhere = this.statements.byId.get(event.id);
    if (elsewhere) {
      this.statements.recordConflict.run(event.origin, event.seq, event.id, event.id, JSON.stringify(event), peer, now);
      return 'conflict';
    }
    if (event.seq > this.floor(event.origin) + 1 && !this.statements.exists.get(event.origin, event.seq - 1)) return 'gap';
    return 'insert';
  }

  listConflicts(limit = 200): PeerConflict[] {
    return this.statements.conflicts.all(limit);
  }

  private advance(origin: string): void {
    let at = Math.max(this.vv.get(origin) ?? 0, this.floor(origin));
    if (this.statements.exists.get(origin, at + 1)) at = this.statements.runEnd.get(origin, at)?.s ?? at;
    this.vv.set(origin, at);
  }
}

/** The stored bytes usually match; otherwise both are compared as parsed, canonical JSON. */
function sameBody(stored: string, offered: DomainEvent): boolean {
  if (stored === JSON.stringify(offered)) return true;
  try {
    return canonicalJson(DomainEvent.parse(JSON.parse(stored))) === canonicalJson(offered);
  } catch {
    return false;
  }
}
