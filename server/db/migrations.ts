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
  {
    version: 2,
    name: 'stores, credentials, store-scoped log, recorded rejections',
    statements: [
      `CREATE TABLE stores (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      // Events written before stores existed came from the embedded single-store server.
      `INSERT INTO stores (id, name, created_at)
       SELECT 'local', 'Embedded store', now()
       WHERE EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM origin_heads)`,
      `ALTER TABLE events ADD COLUMN store_id text NOT NULL DEFAULT 'local'`,
      `ALTER TABLE events ALTER COLUMN store_id DROP DEFAULT`,
      `ALTER TABLE events DROP CONSTRAINT events_origin_seq_key`,
      `ALTER TABLE events ADD CONSTRAINT events_store_origin_seq_key UNIQUE (store_id, origin, seq)`,
      `CREATE INDEX events_store_cursor ON events (store_id, server_seq)`,
      `CREATE INDEX events_store_order ON events (store_id, order_id)`,
      `ALTER TABLE origin_heads ADD COLUMN store_id text NOT NULL DEFAULT 'local' REFERENCES stores (id)`,
      `ALTER TABLE origin_heads ALTER COLUMN store_id DROP DEFAULT`,
      `ALTER TABLE origin_heads ADD COLUMN last_hlc text`,
      `ALTER TABLE origin_heads DROP CONSTRAINT origin_heads_pkey`,
      `ALTER TABLE origin_heads ADD PRIMARY KEY (store_id, origin)`,
      // A permanently rejected event still consumes its seq (the origin's queue moves on); the
      // verdict is kept so a re-push gets the same answer instead of a gap.
      `CREATE TABLE rejected_events (
        store_id text NOT NULL,
        origin text NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        event_id uuid NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        body jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (store_id, origin, seq)
      )`,
      `CREATE INDEX rejected_events_event_id ON rejected_events (event_id)`,
      `CREATE TABLE credentials (
        id text PRIMARY KEY,
        store_id text NOT NULL REFERENCES stores (id),
        kind text NOT NULL CHECK (kind IN ('station', 'channel')),
        subject text,
        channel text,
        secret_hash text NOT NULL UNIQUE,
        label text,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CHECK (kind = 'station' OR (subject IS NOT NULL AND channel IS NOT NULL))
      )`,
      `CREATE INDEX credentials_store ON credentials (store_id)`,
    ],
  },
  {
    version: 3,
    name: 'channel ingress: idempotency keys and ticket numbers',
    statements: [
      `CREATE TABLE idempotency_keys (
        store_id text NOT NULL,
        principal text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (store_id, principal, key)
      )`,
      `CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`,
      `CREATE TABLE ticket_numbers (
        store_id text NOT NULL,
        origin text NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (store_id, origin)
      )`,
    ],
  },
  {
    version: 4,
    name: 'order projection and webhooks',
    statements: [
      `CREATE TABLE orders (
        store_id text NOT NULL,
        order_id uuid NOT NULL,
        status text NOT NULL,
        opened_by text NOT NULL,
        view jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (store_id, order_id)
      )`,
      `CREATE TABLE projector_cursors (
        store_id text PRIMARY KEY REFERENCES stores (id),
        cursor bigint NOT NULL
      )`,
      `CREATE TABLE webhook_endpoints (
        id text PRIMARY KEY,
        store_id text NOT NULL REFERENCES stores (id),
        credential_id text NOT NULL REFERENCES credentials (id),
        owner_origin text NOT NULL,
        url text NOT NULL,
        secret text NOT NULL,
        scope text NOT NULL CHECK (scope IN ('own', 'all')),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`,
      `CREATE INDEX webhook_endpoints_store ON webhook_endpoints (store_id)`,
      `CREATE TABLE webhook_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        endpoint_id text NOT NULL REFERENCES webhook_endpoints (id),
        store_id text NOT NULL,
        order_id uuid NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        last_status integer,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)`,
      `CREATE INDEX webhook_deliveries_store ON webhook_deliveries (store_id, state)`,
    ],
  },
  {
    version: 5,
    name: 'store mesh: store signing keys, station certificates, revocations',
    statements: [
      // The store's Ed25519 signing key. Its PRIVATE key lives here, in the server database, in the
      // clear: whoever reads this table can mint station certificates for the store (README, mesh).
      `CREATE TABLE mesh_store_keys (
        store_id text PRIMARY KEY REFERENCES stores (id),
        public_key text NOT NULL,
        private_key text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      // Serials come first (the certificate names its own serial, so it is signed before the insert).
      `CREATE SEQUENCE mesh_certificate_serials`,
      `CREATE TABLE mesh_certificates (
        serial bigint PRIMARY KEY,
        store_id text NOT NULL REFERENCES stores (id),
        station_id text NOT NULL,
        credential_id text NOT NULL REFERENCES credentials (id),
        body text NOT NULL,
        sig text NOT NULL,
        issued_at timestamptz NOT NULL
      )`,
      `CREATE INDEX mesh_certificates_credential ON mesh_certificates (credential_id)`,
      `CREATE TABLE mesh_revocations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        store_id text NOT NULL REFERENCES stores (id),
        station_id text NOT NULL,
        serial bigint,
        body text NOT NULL,
        sig text NOT NULL,
        revoked_at timestamptz NOT NULL
      )`,
      `CREATE UNIQUE INDEX mesh_revocations_serial ON mesh_revocations (serial) WHERE serial IS NOT NULL`,
      `CREATE INDEX mesh_revocations_store ON mesh_revocations (store_id, id)`,
    ],
  },
  {
    version: 6,
    name: 'store data: replicated store documents',
    statements: [
      // Per store and kind, the last-writer-wins document: the greatest (hlc, author), compared
      // byte-wise (COLLATE "C") exactly as stations compare them. change_seq orders the wins of a
      // store for stations pulling "what changed after my cursor"; wins of a store are serialised.
      `CREATE SEQUENCE store_data_change_seq`,
      `CREATE TABLE store_data (
        store_id text NOT NULL REFERENCES stores (id),
        kind text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        hlc text COLLATE "C" NOT NULL,
        author text COLLATE "C" NOT NULL,
        body jsonb NOT NULL,
        change_seq bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (store_id, kind)
      )`,
      `CREATE INDEX store_data_changes ON store_data (store_id, change_seq)`,
    ],
  },
  {
    version: 7,
    name: 'menu: published versions, counted sales, derived availability',
    statements: [
      // Every published version, kept for audit and export; the current one is also the store's
      // `menu` store data document, which is what replicates.
      `CREATE TABLE menu_versions (
        store_id text NOT NULL REFERENCES stores (id),
        version integer NOT NULL CHECK (version > 0),
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (store_id, version)
      )`,
      // One row per non-voided line of every projected order (replaced with the order each time it
      // is projected): what a count left is derived from. added_hlc compares byte-wise, as the
      // stations compare it.
      `CREATE TABLE menu_item_sales (
        store_id text NOT NULL,
        line_id text NOT NULL,
        order_id uuid NOT NULL,
        item_id text NOT NULL,
        quantity integer NOT NULL,
        added_hlc text COLLATE "C" NOT NULL,
        PRIMARY KEY (store_id, line_id)
      )`,
      `CREATE INDEX menu_item_sales_order ON menu_item_sales (store_id, order_id)`,
      `CREATE INDEX menu_item_sales_item ON menu_item_sales (store_id, item_id, added_hlc)`,
      // The derived availability last announced per item (webhooks fire on a change; the public
      // menu's ETag moves with state_seq).
      `CREATE SEQUENCE menu_state_seq`,
      `CREATE TABLE menu_item_state (
        store_id text NOT NULL,
        item_id text NOT NULL,
        sold_out boolean NOT NULL,
        left_count integer,
        oversold integer NOT NULL DEFAULT 0,
        state_seq bigint NOT NULL,
        PRIMARY KEY (store_id, item_id)
      )`,
      // Menu webhooks concern no order.
      `ALTER TABLE webhook_deliveries ALTER COLUMN order_id DROP NOT NULL`,
    ],
  },
];
