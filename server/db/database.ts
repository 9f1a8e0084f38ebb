/**
 * The only surface the server uses to reach PostgreSQL. PGlite implements it today; a `pg` pool can
 * implement it later with the same SQL, which is why callers get plain rows and do their own decoding
 * (PGlite returns int8 as number, node-postgres as string).
 */
export type SqlParam = string | number | boolean | null | readonly string[] | readonly number[];

export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlExecutor {
  /** One statement per call: the extended protocol that both drivers use refuses multi-statement text. */
  query(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
}

export interface Database extends SqlExecutor {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
