/**
 * Schema history, append-only: never edit a released migration, add the next number instead.
 * PostgreSQL dialect only, so the same statements run on PGlite and on a real server.
 */
export interface Migration {
  version: number;
  name: string;
  /** Separate statements because the drivers' extended protocol accepts one statement per query. */
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and origin heads',
    statements: [
      `CREATE TABLE events (
        server_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        origin text NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        order_id uuid NOT NULL,
        hlc text NOT NULL,
        type text NOT NULL,
        v integer NOT NULL,
        body jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        CONSTRAINT events_origin_seq_key UNIQUE (origin, seq)
      )`,
      `CREATE TABLE origin_heads (
        origin text PRIMARY KEY,
        last_seq bigint NOT NULL CHECK (last_seq >= 0),
        updated_at timestamptz NOT NULL
      )`,
    ],
  },
];
