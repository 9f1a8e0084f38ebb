/**
 * Numbered, append-only schema migrations. A shipped migration is never edited: add a new one.
 * Each runs in its own transaction together with the bump of `user_version`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, outbox, projections, sync state',
    sql: `
      CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        order_id    TEXT NOT NULL,
        origin      TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        hlc         TEXT NOT NULL,
        type        TEXT NOT NULL,
        v           INTEGER NOT NULL,
        body        TEXT NOT NULL,
        is_local    INTEGER NOT NULL CHECK (is_local IN (0, 1)),
        received_at INTEGER NOT NULL,
        UNIQUE (origin, seq)
      ) STRICT;
      CREATE INDEX events_by_order ON events (order_id, hlc, origin, seq);

      -- Own events not yet acknowledged by the server, pushed in seq order.
      CREATE TABLE outbox (
        seq         INTEGER PRIMARY KEY,
        event_id    TEXT NOT NULL UNIQUE REFERENCES events (id),
        enqueued_at INTEGER NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT
      ) STRICT;

      -- Events the server refused for good: kept, visible, and never blocking the rest.
      CREATE TABLE dead_letters (
        event_id   TEXT PRIMARY KEY REFERENCES events (id),
        seq        INTEGER NOT NULL,
        reason     TEXT NOT NULL,
        failed_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE order_view (
        order_id      TEXT PRIMARY KEY,
        status        TEXT NOT NULL,
        ticket_number INTEGER NOT NULL,
        opened_at     TEXT NOT NULL,
        last_hlc      TEXT NOT NULL,
        view          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX order_view_by_status ON order_view (status, opened_at);

      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 2,
    name: 'print jobs',
    sql: `
      -- Durable print jobs (drivers/queue): the document and the exact bytes, so a job can be replayed
      -- byte for byte or re-rendered for a fallback printer. seq gives insertion order.
      CREATE TABLE print_jobs (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        printer_id      TEXT NOT NULL,
        route           TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('receipt', 'kitchen', 'test')),
        document        TEXT NOT NULL,
        bytes           BLOB NOT NULL,
        profile_id      TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent-unconfirmed', 'done', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        reprint_of      TEXT REFERENCES print_jobs (id),
        order_id        TEXT,
        last_error      TEXT,
        created_at      INTEGER NOT NULL,
        queued_at       INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        done_at         INTEGER
      ) STRICT;
      CREATE INDEX print_jobs_queue ON print_jobs (printer_id, state, queued_at, seq);
      CREATE INDEX print_jobs_by_order ON print_jobs (order_id);

      -- Cash drawer opens, for the audit trail; never replayed.
      CREATE TABLE drawer_kicks (
        id           TEXT PRIMARY KEY,
        drawer_id    TEXT NOT NULL,
        printer_id   TEXT NOT NULL,
        order_id     TEXT,
        shift_id     TEXT,
        reason       TEXT NOT NULL,
        requested_by TEXT,
        state        TEXT NOT NULL CHECK (state IN ('requested', 'sent', 'failed', 'unknown')),
        method       TEXT CHECK (method IN ('esc-p', 'dle-dc4')),
        error        TEXT,
        requested_at INTEGER NOT NULL,
        completed_at INTEGER
      ) STRICT;
      CREATE INDEX drawer_kicks_by_order ON drawer_kicks (order_id);
      CREATE INDEX drawer_kicks_by_shift ON drawer_kicks (shift_id);
    `,
  },
  {
    version: 3,
    name: 'conflicts projection, dead-letter discards',
    sql: `
      -- One row per conflict the fold recorded, refreshed with the order's projection, so
      -- diagnostics can list them without reading every order.
      CREATE TABLE conflicts (
        order_id  TEXT NOT NULL REFERENCES order_view (order_id) ON DELETE CASCADE,
        idx       INTEGER NOT NULL,
        rule      TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        outcome   TEXT NOT NULL,
        PRIMARY KEY (order_id, idx)
      ) STRICT;

      -- A discarded dead letter stays on record (who sold what is never forgotten), out of the queue.
      ALTER TABLE dead_letters ADD COLUMN discarded_at INTEGER;
    `,
  },
  {
    version: 4,
    name: 'payment attempts',
    sql: `
      -- One row per card payment attempt, written before the terminal is called, so an attempt
      -- whose outcome is unknown after a crash is found at startup and resolved by querying the
      -- terminal with its idempotency key (never by charging again).
      CREATE TABLE payment_attempts (
        id               TEXT PRIMARY KEY,
        order_id         TEXT NOT NULL,
        idempotency_key  TEXT NOT NULL UNIQUE,
        request_key      TEXT UNIQUE,
        method           TEXT NOT NULL CHECK (method IN ('card')),
        amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
        tip_minor        INTEGER NOT NULL CHECK (tip_minor >= 0),
        currency         TEXT NOT NULL,
        split_part_id    TEXT,
        state            TEXT NOT NULL CHECK (state IN ('authorizing', 'unknown_resolving', 'capturing', 'voiding', 'approved', 'declined', 'failed', 'voided')),
        terminal_ref     TEXT,
        auth_code        TEXT,
        reason           TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX payment_attempts_by_order ON payment_attempts (order_id, created_at);
      CREATE INDEX payment_attempts_by_state ON payment_attempts (state);
    `,
  },
  {
    version: 5,
    name: 'cash drawer shifts',
    sql: `
      -- One drawer session per station: who opened it with what float, and who closed it with what
      -- count. The Z report is stored as closed, so a reprint says exactly what the first print did
      -- even after the orders it summed have been compacted away.
      CREATE TABLE shifts (
        id              TEXT PRIMARY KEY,
        station_id      TEXT NOT NULL,
        opened_by       TEXT NOT NULL,
        opened_by_name  TEXT NOT NULL,
        opened_at       INTEGER NOT NULL,
        float_minor     INTEGER NOT NULL CHECK (float_minor >= 0),
        closed_by       TEXT,
        closed_by_name  TEXT,
        closed_at       INTEGER,
        counted_minor   INTEGER CHECK (counted_minor >= 0),
        note            TEXT,
        z_report        TEXT,
        CHECK ((closed_at IS NULL) = (closed_by IS NULL)
           AND (closed_at IS NULL) = (counted_minor IS NULL)
           AND (closed_at IS NULL) = (z_report IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX shifts_one_open_per_station ON shifts (station_id) WHERE closed_at IS NULL;
      CREATE INDEX shifts_by_opened ON shifts (station_id, opened_at);

      -- Shift totals read this station's own events by the time they were written.
      CREATE INDEX events_local_by_time ON events (is_local, received_at);
    `,
  },
  {
    version: 6,
    name: 'card refund attempts, simulated terminal ledger',
    sql: `
      -- One row per card refund, written before the terminal is asked, so a refund whose answer was
      -- lost (timeout, crash) is resolved by querying the terminal with its key, never sent twice.
      CREATE TABLE refund_attempts (
        id              TEXT PRIMARY KEY,
        order_id        TEXT NOT NULL,
        payment_id      TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        request_key     TEXT UNIQUE,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
        currency        TEXT NOT NULL,
        reason          TEXT NOT NULL,
        approved_by     TEXT,
        state           TEXT NOT NULL CHECK (state IN ('refunding', 'unknown_resolving', 'refunded', 'refused', 'failed')),
        terminal_ref    TEXT NOT NULL,
        refund_ref      TEXT,
        outcome_reason  TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX refund_attempts_by_order ON refund_attempts (order_id, created_at);
      CREATE INDEX refund_attempts_by_state ON refund_attempts (state);

      -- The SIMULATED terminal's own ledger (a real terminal keeps its own): without it a restart
      -- would turn a charge whose answer was lost into "not found".
      CREATE TABLE simulated_terminal_ledger (
        terminal_id     TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('charge', 'refund')),
        idempotency_key TEXT NOT NULL,
        seq             INTEGER NOT NULL,
        entry           TEXT NOT NULL,
        PRIMARY KEY (terminal_id, kind, idempotency_key)
      ) STRICT;
    `,
  },
  {
    version: 7,
    name: 'shifts bounded by own event seq',
    sql: `
      -- A shift records the station's last own event seq when it opened (its events come after) and
      -- when it closed (its events go up to it), so its totals read the events on the (origin, seq)
      -- index and the time index every append had to write is dropped. Existing shifts get the seq of
      -- the station's last event written before opened_at (and at or before closed_at), found once on
      -- that time index: one index probe per shift, however long the log.
      CREATE TABLE shifts_v7 (
        id              TEXT PRIMARY KEY,
        station_id      TEXT NOT NULL,
        opened_by       TEXT NOT NULL,
        opened_by_name  TEXT NOT NULL,
        opened_at       INTEGER NOT NULL,
        open_seq        INTEGER NOT NULL CHECK (open_seq >= 0),
        float_minor     INTEGER NOT NULL CHECK (float_minor >= 0),
        closed_by       TEXT,
        closed_by_name  TEXT,
        closed_at       INTEGER,
        close_seq       INTEGER CHECK (close_seq >= open_seq),
        counted_minor   INTEGER CHECK (counted_minor >= 0),
        note            TEXT,
        z_report        TEXT,
        CHECK ((closed_at IS NULL) = (closed_by IS NULL)
           AND (closed_at IS NULL) = (counted_minor IS NULL)
           AND (closed_at IS NULL) = (z_report IS NULL)
           AND (closed_at IS NULL) = (close_seq IS NULL))
      ) STRICT;
      INSERT INTO shifts_v7 (id, station_id, opened_by, opened_by_name, opened_at, open_seq, float_minor,
                             closed_by, closed_by_name, closed_at, close_seq, counted_minor, note, z_report)
      WITH bounds AS (
        SELECT s.*,
               coalesce((SELECT e.seq FROM events e
                         WHERE e.is_local = 1 AND e.received_at < s.opened_at AND e.origin = s.station_id
                         ORDER BY e.received_at DESC LIMIT 1), 0) AS open_seq,
               coalesce((SELECT e.seq FROM events e
                         WHERE e.is_local = 1 AND e.received_at <= s.closed_at AND e.origin = s.station_id
                         ORDER BY e.received_at DESC LIMIT 1), 0) AS last_seq_at_close
        FROM shifts s
      )
      SELECT id, station_id, opened_by, opened_by_name, opened_at, open_seq, float_minor,
             closed_by, closed_by_name, closed_at,
             CASE WHEN closed_at IS NULL THEN NULL ELSE max(open_seq, last_seq_at_close) END,
             counted_minor, note, z_report
      FROM bounds;
      DROP TABLE shifts;
      ALTER TABLE shifts_v7 RENAME TO shifts;
      CREATE UNIQUE INDEX shifts_one_open_per_station ON shifts (station_id) WHERE closed_at IS NULL;
      CREATE INDEX shifts_by_opened ON shifts (station_id, opened_at);
      DROP INDEX events_local_by_time;
    `,
  },
  {
    version: 8,
    name: 'outbox acknowledged by seq',
    sql: `
      -- Pushed events are acknowledged by their seq, the outbox's key (checked against the event id),
      -- so the unique index on event_id, one more page written per append, goes. So does the foreign
      -- key: without that index every event compaction deletes would scan the whole outbox; compaction
      -- itself never deletes an order with an event in the outbox.
      CREATE TABLE outbox_v8 (
        seq         INTEGER PRIMARY KEY,
        event_id    TEXT NOT NULL,
        enqueued_at INTEGER NOT NULL,
        attempts    INTEGER NOT NULL DEFAULT 0,
        last_error  TEXT
      ) STRICT;
      INSERT INTO outbox_v8 (seq, event_id, enqueued_at, attempts, last_error)
      SELECT seq, event_id, enqueued_at, attempts, last_error FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_v8 RENAME TO outbox;
    `,
  },
  {
    version: 9,
    name: 'store mesh: per-origin floors, refused peer events',
    sql: `
      -- Per origin, the seq at or below which a missing event is not a gap: compaction deleted it
      -- here, or a peer said it had compacted it (the central server still holds it). Version vectors
      -- count from here, so a compacted range never stalls replication. Holes already in the log are
      -- taken as compacted: before this version only compaction (or a pull still under way, which
      -- fills them anyway) left holes.
      CREATE TABLE origin_floors (
        origin TEXT PRIMARY KEY,
        floor  INTEGER NOT NULL CHECK (floor >= 0)
      ) STRICT;
      INSERT INTO origin_floors (origin, floor)
      SELECT e.origin, max(e.seq) - 1 FROM events e
      WHERE e.seq > 1 AND NOT EXISTS (SELECT 1 FROM events p WHERE p.origin = e.origin AND p.seq = e.seq - 1)
      GROUP BY e.origin;

      -- An event a peer offered that claims an (origin, seq) or an id this station holds with another
      -- body: refused, never merged, kept here for diagnostics (one origin wrote twice, e.g. a restored
      -- backup).
      CREATE TABLE peer_conflicts (
        origin       TEXT NOT NULL,
        seq          INTEGER NOT NULL,
        held_id      TEXT NOT NULL,
        offered_id   TEXT NOT NULL,
        offered_body TEXT NOT NULL,
        peer         TEXT NOT NULL,
        detected_at  INTEGER NOT NULL,
        PRIMARY KEY (origin, seq, offered_id)
      ) STRICT;
    `,
  },
  {
    version: 10,
    name: 'store mesh trust: station identity, pairing, revocations',
    sql: `
      -- This station's mesh identity, one row: its Ed25519 signing key and its TLS key and certificate,
      -- made once on this machine (the private keys are stored here in the clear, README: mesh), and
      -- what pairing through the central server brought: the store-signed station certificate and the
      -- store's public key, both NULL until the first pairing.
      CREATE TABLE mesh_identity (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        signing_key      TEXT NOT NULL,
        tls_key          TEXT NOT NULL,
        tls_cert         TEXT NOT NULL,
        certificate      TEXT,
        store_public_key TEXT
      ) STRICT;

      -- Store-signed revocations heard from the server or from peers, as signed (body + signature).
      CREATE TABLE mesh_revocations (
        body TEXT PRIMARY KEY,
        sig  TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 11,
    name: 'store data: replicated store documents',
    sql: `
      -- Store data (kitchen routing, later the menu, availability, staff): per kind, the document this
      -- station holds, the one with the greatest (hlc, author) it has seen. needs_push: written here
      -- and not yet acknowledged by the central server.
      CREATE TABLE store_data (
        kind        TEXT PRIMARY KEY,
        version     INTEGER NOT NULL CHECK (version > 0),
        hlc         TEXT NOT NULL,
        author      TEXT NOT NULL,
        body        TEXT NOT NULL,
        needs_push  INTEGER NOT NULL CHECK (needs_push IN (0, 1)),
        received_at INTEGER NOT NULL
      ) STRICT;

      -- Documents kept out: an unknown kind or a body this build cannot read. Never applied; the
      -- document held before stays in use. Kept for diagnostics.
      CREATE TABLE store_data_rejects (
        kind        TEXT NOT NULL,
        hlc         TEXT NOT NULL,
        author      TEXT NOT NULL,
        source      TEXT NOT NULL,
        reason      TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        PRIMARY KEY (kind, hlc, author)
      ) STRICT;
    `,
  },
  {
    version: 12,
    name: 'persistent, escalating PIN lockouts',
    sql: `
      -- Wrong PINs in a row per key ('client:<window credential@address>' or 'staff:<staff id>') and
      -- until when PIN entry is paused for it. A right PIN deletes the row. Kept across restarts, so
      -- restarting the station never hands a guesser a fresh set of tries.
      CREATE TABLE pin_lockouts (
        key          TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL CHECK (failures > 0),
        locked_until INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 13,
    name: 'window devices: paired LAN windows',
    sql: `
      -- A LAN window (kitchen tablet, customer display) paired with a code shown at the counter: its
      -- own token, of which only the SHA-256 is kept. A revoked device stays listed with revoked_at.
      CREATE TABLE window_devices (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL,
        token_sha256 BLOB NOT NULL UNIQUE,
        paired_at    INTEGER NOT NULL,
        paired_from  TEXT,
        last_seen_at INTEGER,
        revoked_at   INTEGER
      ) STRICT;
    `,
  },
  {
    version: 14,
    name: 'offline card payments (store and forward)',
    sql: `
      -- Card payments taken while the gateway was down. Only the station that took a payment has its
      -- row, so only it ever forwards it. 'reserved': counted against the limits while the terminal is
      -- asked; 'pending': approved offline, waiting to be forwarded; 'forwarding': sent (or about to
      -- be) and not yet answered, resolved by asking the terminal, never by sending under a new key;
      -- final: 'captured', 'declined' (after the sale), 'expired' (never sent), 'released' (the
      -- reservation ended without an offline approval: declined, failed, or approved online).
      CREATE TABLE offline_card_payments (
        payment_id      TEXT PRIMARY KEY,
        order_id        TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
        tip_minor       INTEGER NOT NULL CHECK (tip_minor >= 0),
        currency        TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('reserved', 'pending', 'forwarding', 'captured', 'declined', 'expired', 'released')),
        terminal_ref    TEXT,
        reason          TEXT,
        reserved_at     INTEGER NOT NULL,
        approved_at     INTEGER,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX offline_card_payments_by_state ON offline_card_payments (state, approved_at, payment_id);

      -- An attempt may now end 'offline_approved'. SQLite cannot change a CHECK in place: rebuild.
      CREATE TABLE payment_attempts_v12 (
        id               TEXT PRIMARY KEY,
        order_id         TEXT NOT NULL,
        idempotency_key  TEXT NOT NULL UNIQUE,
        request_key      TEXT UNIQUE,
        method           TEXT NOT NULL CHECK (method IN ('card')),
        amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
        tip_minor        INTEGER NOT NULL CHECK (tip_minor >= 0),
        currency         TEXT NOT NULL,
        split_part_id    TEXT,
        state            TEXT NOT NULL CHECK (state IN ('authorizing', 'unknown_resolving', 'capturing', 'voiding', 'approved', 'declined', 'failed', 'voided', 'offline_approved')),
        terminal_ref     TEXT,
        auth_code        TEXT,
        reason           TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
      INSERT INTO payment_attempts_v12 SELECT id, order_id, idempotency_key, request_key, method, amount_minor, tip_minor, currency,
        split_part_id, state, terminal_ref, auth_code, reason, cancel_requested, created_at, updated_at FROM payment_attempts;
      DROP TABLE payment_attempts;
      ALTER TABLE payment_attempts_v12 RENAME TO payment_attempts;
      CREATE INDEX payment_attempts_by_order ON payment_attempts (order_id, created_at);
      CREATE INDEX payment_attempts_by_state ON payment_attempts (state);
    `,
  },
  {
    version: 15,
    name: 'simulated terminal device state',
    sql: `
      -- The SIMULATED terminal's own settings that a real outage would keep across a station restart:
      -- whether its gateway link is cut, and what the gateway does with forwarded payments. One row
      -- per terminal, a JSON document checked on load.
      CREATE TABLE simulated_terminal_device (
        terminal_id TEXT PRIMARY KEY,
        state       TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 16,
    name: 'offline card payments can be voided before forwarding',
    sql: `
      -- A full refund of a payment approved offline and not yet forwarded voids it, as a real terminal
      -- does: 'voiding' (the refund is on the books, the terminal's stored copy not yet voided) and
      -- 'voided' (the terminal dropped it). Neither is ever forwarded. SQLite cannot change a CHECK in
      -- place: rebuild.
      CREATE TABLE offline_card_payments_v16 (
        payment_id      TEXT PRIMARY KEY,
        order_id        TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
        tip_minor       INTEGER NOT NULL CHECK (tip_minor >= 0),
        currency        TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('reserved', 'pending', 'forwarding', 'captured', 'declined', 'expired', 'released',
                                                       'voiding', 'voided')),
        terminal_ref    TEXT,
        reason          TEXT,
        reserved_at     INTEGER NOT NULL,
        approved_at     INTEGER,
        updated_at      INTEGER NOT NULL
      ) STRICT;
      INSERT INTO offline_card_payments_v16 SELECT payment_id, order_id, idempotency_key, amount_minor, tip_minor, currency, state,
        terminal_ref, reason, reserved_at, approved_at, updated_at FROM offline_card_payments;
      DROP TABLE offline_card_payments;
      ALTER TABLE offline_card_payments_v16 RENAME TO offline_card_payments;
      CREATE INDEX offline_card_payments_by_state ON offline_card_payments (state, approved_at, payment_id);
    `,
  },
];
