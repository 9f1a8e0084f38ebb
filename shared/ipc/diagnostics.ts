import { z } from 'zod';
import { DeviceStatusView } from './devices.js';
import { OfflineQueueView } from './offline-payments.js';

/** The sync engine's state as windows see it: the offline banner, "sync now", diagnostics. */
export const SyncStatusView = z.object({
  state: z.enum(['stopped', 'idle', 'syncing', 'backoff', 'circuit_open']),
  consecutiveFailures: z.int().nonnegative(),
  nextAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  lastPullAt: z.number().nullable(),
  lastError: z.string().nullable(),
  clockSkewMs: z.number().nullable(),
  pullCursor: z.int().nonnegative(),
  outboxDepth: z.int().nonnegative(),
  /** Orders with events still in the outbox, counted up to 1,000 ("3 unsynced" means three orders, not three events). */
  unsyncedOrders: z.int().nonnegative().optional(),
  oldestUnsentAgeMs: z.number().nullable(),
  deadLetters: z.int().nonnegative(),
  /** Consumer lag, null until a pull or poke told the store's head: the server cursor, how many events this station is behind, and for how long. */
  serverHead: z.int().nonnegative().nullable().optional(),
  consumerLagEvents: z.int().nonnegative().nullable().optional(),
  consumerLagMs: z.number().nonnegative().nullable().optional(),
});
export type SyncStatusView = z.infer<typeof SyncStatusView>;

export const DeadLetterView = z.object({
  eventId: z.string(),
  seq: z.int(),
  orderId: z.string(),
  type: z.string(),
  reason: z.string(),
  failedAt: z.number(),
});

export const ConflictRecordView = z.object({
  orderId: z.string(),
  ticketNumber: z.int(),
  rule: z.string(),
  eventIds: z.array(z.string()),
  outcome: z.string(),
});

export const RecentErrorView = z.object({
  at: z.number(),
  level: z.enum(['warn', 'error']),
  message: z.string(),
  component: z.string().optional(),
  detail: z.string().optional(),
});
export type RecentErrorView = z.infer<typeof RecentErrorView>;

/** One peer of the store mesh: a listed URL this station dials, a station found on the LAN (mDNS), or one that dialled in. */
export const PeerView = z.object({
  found: z.enum(['listed', 'mdns', 'inbound']),
  url: z.string().nullable(),
  address: z.string().nullable(),
  stationId: z.string().nullable(),
  state: z.enum(['connecting', 'connected', 'refused', 'disconnected']),
  /** Why it was refused (by either side), or the last disconnect's cause. */
  reason: z.string().nullable(),
  lastHeardAt: z.number().nullable(),
  /** Per origin, events the peer holds that this station does not (yet). */
  behind: z.record(z.string(), z.int().nonnegative()),
  /** Per origin, events this station holds that the peer did not have at its last word. */
  peerBehind: z.record(z.string(), z.int().nonnegative()),
  /** Times its send queue was full and the live stream was shed (it was then served from the log). */
  shed: z.int().nonnegative(),
});
export type PeerView = z.infer<typeof PeerView>;

/** An event a peer offered for an (origin, seq) or id held here with another body: refused, never merged. */
export const RefusedPeerEventView = z.object({
  origin: z.string(),
  seq: z.int(),
  heldId: z.string(),
  offeredId: z.string(),
  peer: z.string(),
  detectedAt: z.number(),
});

export const MeshView = z.object({
  /** False without a peer endpoint, or before the station is paired: no peer is dialled or accepted. */
  enabled: z.boolean(),
  /** Why the mesh waits, while it does: "not paired yet (needs the central server once)". */
  pairing: z.string().optional(),
  storeId: z.string().nullable(),
  /** origin → highest contiguous seq held (or compacted). */
  vector: z.record(z.string(), z.int().nonnegative()),
  peers: z.array(PeerView),
  refusedEvents: z.array(RefusedPeerEventView),
});
export type MeshView = z.infer<typeof MeshView>;

/**
 * The store mesh in brief, for the staff windows' banner: each peer's state (no counters, so it only
 * changes when a peer connects, drops or is refused) and how many stations are connected now.
 */
export const MeshStatusView = z.object({
  /** False without a peer endpoint, or before the station is paired (no peer is dialled or accepted). */
  enabled: z.boolean(),
  /** Why the mesh waits, while it does: "not paired yet (needs the central server once)". */
  pairing: z.string().optional(),
  /** Peers connected (handshake done) right now: the other stations this one reaches on the LAN. */
  connected: z.int().nonnegative(),
  peers: z.array(PeerView.pick({ found: true, url: true, address: true, stationId: true, state: true, reason: true })),
});
export type MeshStatusView = z.infer<typeof MeshStatusView>;

/** Store data this station follows (routing, …): per kind the document held, and documents it kept out. */
export const StoreDataView = z.object({
  /** The published menu held (the one new lines are priced from), with when it arrived here. */
  menu: z.object({ version: z.int(), publishedBy: z.string(), publishedAtMs: z.number(), receivedAtMs: z.number() }).nullable().optional(),
  documents: z.array(z.object({ kind: z.string(), version: z.int(), hlc: z.string(), author: z.string(), waitingForServer: z.boolean() })),
  rejected: z.array(
    z.object({ kind: z.string(), hlc: z.string(), author: z.string(), source: z.string(), reason: z.string(), detectedAt: z.number() }),
  ),
});
export type StoreDataView = z.infer<typeof StoreDataView>;

export const DiagnosticsView = z.object({
  stationId: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  databaseBytes: z.int().nonnegative(),
  /** Null when no central server is configured (a standalone till). */
  sync: SyncStatusView.nullable(),
  deadLetters: z.array(DeadLetterView),
  conflicts: z.array(ConflictRecordView),
  devices: z.array(DeviceStatusView),
  recentErrors: z.array(RecentErrorView),
  /** The store mesh (peers on the LAN); absent from stations built before it. */
  mesh: MeshView.optional(),
  storeData: StoreDataView.optional(),
  /** Card payments approved offline awaiting forwarding (count, amount, oldest age) against the limits. */
  offlinePayments: OfflineQueueView.optional(),
});
export type DiagnosticsView = z.infer<typeof DiagnosticsView>;

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

/** One structured log line of the station core, from its in-memory ring (the full log is pos.log). */
export const LogLineView = z.object({
  seq: z.int().positive(),
  at: z.number(),
  level: LogLevel,
  message: z.string(),
  component: z.string().optional(),
  orderId: z.string().optional(),
  /** The line's other fields, printed (long values cut). */
  fields: z.record(z.string(), z.string()),
});
export type LogLineView = z.infer<typeof LogLineView>;
