/** One request to open a cash drawer, kept for the audit trail (who opened the till, for which sale). */
export interface DrawerKickRecord {
  id: string;
  drawerId: string;
  printerId: string;
  orderId: string | null;
  shiftId: string | null;
  /** "sale", "no-sale", "refund", "test", ... */
  reason: string;
  requestedBy: string | null;
  /**
   * requested: written before the command is sent; sent / failed: the outcome; unknown: the station
   * stopped in between. No state leads to the kick being sent again: a retry is a new request.
   */
  state: 'requested' | 'sent' | 'failed' | 'unknown';
  method: 'esc-p' | 'dle-dc4' | null;
  error: string | null;
  requestedAt: number;
  completedAt: number | null;
}

export type DrawerKickPatch = Partial<Pick<DrawerKickRecord, 'state' | 'method' | 'error' | 'completedAt'>>;

export interface DrawerKickLog {
  insert(record: DrawerKickRecord): void;
  update(id: string, patch: DrawerKickPatch): void;
  /** Newest first. */
  list(filter?: { drawerId?: string; orderId?: string; shiftId?: string; limit?: number }): DrawerKickRecord[];
  /** At startup: kicks whose outcome was never recorded become "unknown"; returns how many. */
  markUnfinishedUnknown(now: number): number;
}

export class MemoryDrawerKickLog implements DrawerKickLog {
  readonly #records: DrawerKickRecord[] = [];

  insert(record: DrawerKickRecord): void {
    if (this.#records.some((r) => r.id === record.id)) throw new Error(`drawer kick ${record.id} already exists`);
    this.#records.push({ ...record });
  }

  update(id: string, patch: DrawerKickPatch): void {
    const index = this.#records.findIndex((r) => r.id === id);
    const record = this.#records[index];
    if (record) this.#records[index] = { ...record, ...patch };
  }

  list(filter: { drawerId?: string; orderId?: string; shiftId?: string; limit?: number } = {}): DrawerKickRecord[] {
    return this.#records
      .filter(
        (r) =>
          (!filter.drawerId || r.drawerId === filter.drawerId) &&
          (!filter.orderId || r.orderId === filter.orderId) &&
          (!filter.shiftId || r.shiftId === filter.shiftId),
      )
      .reverse()
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map((r) => ({ ...r }));
  }

  markUnfinishedUnknown(now: number): number {
    let count = 0;
    for (const [i, record] of this.#records.entries()) {
      if (record.state !== 'requested') continue;
      this.#records[i] = { ...record, state: 'unknown', completedAt: now, error: 'the station stopped before the outcome was known' };
      count++;
    }
    return count;
  }
}
