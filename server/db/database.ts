/**
 * The only surface the server uses to reach PostgreSQL. PGlite (embedded) and a `pg` pool (real
 * PostgreSQL) both implement it with the same SQL, which is why callers get plain rows and do their
 * own decoding (PGlite returns int8 as number, node-postgres as string).
 */
export type SqlParam = string | number | boolean | null | readonly string[] | readonly number[];

export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlExecutor {
  /** One statement per call: the extended protocol that both drivers use refuses multi-statement text. */
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
}

export interface NotificationHandler {
  /** A NOTIFY on the channel, from this instance or any other, delivered after its transaction committed. */
  onNotify(payload: string): void;
  /**
   * The listening connection was lost and is back: notifications sent in between are gone, so the
   * subscriber must catch up by reading the database.
   */
  onGap?(): void;
}

export interface Database extends SqlExecutor {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on `channel`; the returned function stops this handler. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
