import type { Db } from '../db/open-database.js';
import type { RecoverableCommit } from './recoverable-commit.js';

export interface StateEntry {
  key: string;
  value: string;
}

/** The station's settings and the sync loop's bookkeeping (cursor, retry state, last times). */
export class StoreSettings {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly recoverable: RecoverableCommit,
  ) {
    this.statements = {
      getState: db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?'),
      setState: db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  getSyncState(key: string): string | undefined {
    return this.statements.getState.get(key)?.value;
  }

  /** Also how other transactions (a pulled page, a settled push) record state with what they commit. */
  setSyncState(key: string, value: string): void {
    this.statements.setState.run(key, value);
  }

  /** Several sync-state keys in one transaction: one durable commit instead of one per key. */
  setSyncStates(entries: readonly StateEntry[]): void {
    if (entries.length === 0) return;
    this.recoverable(
      this.db.transaction(() => {
        for (const { key, value } of entries) this.statements.setState.run(key, value);
      }),
    );
  }

  getSetting(key: string): string | undefined {
    return this.statements.getSetting.get(key)?.value;
  }

  setSetting(key: string, value: string): void {
    this.statements.setSetting.run(key, value);
  }
}
