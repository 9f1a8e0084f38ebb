import { z } from 'zod';
import { DomainEvent, EventId, OriginId } from '../events.js';

/**
 * HTTP sync protocol between a station and the central server (`/v1/stores/:store/sync/...`).
 * Every route is scoped by store; the credential decides which store and which origin a caller is.
 */
export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_PAGE = 1000;
/** Longest a pull may wait for new events before answering an empty page. */
export const MAX_PULL_WAIT_MS = 30_000;

/** A shop or restaurant; one event log per store. Same alphabet as origin ids (safe in URLs). */
export const StoreId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'store id: lowercase id like demo-cafe');
export type StoreId = z.infer<typeof StoreId>;

/** What a station sends: every event is a full, valid domain event. */
export const PushRequest = z.object({
  origin: OriginId,
  events: z.array(DomainEvent).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * What the server accepts at the edge: only the envelope fields that key a per-event result must
 * be valid; everything else is checked per event, so one bad event never fails the whole batch.
 */
export const PushBatch = z.object({
  origin: OriginId,
  events: z
    .array(z.looseObject({ id: EventId, seq: z.int().positive(), origin: OriginId }))
    .min(1)
    .max(MAX_PUSH_BATCH),
});
export type PushBatch = z.infer<typeof PushBatch>;

/**
 * Why an event was rejected. Retryable codes leave the origin's seq where it was (push again once
 * fixed); permanent ones consume the seq so the origin's later events are not blocked.
 */
export const RejectionCode = z.enum([
  /** seq is ahead of the next one the server expects (`expectedSeq`): push the missing ones first. Retryable. */
  'seq_gap',
  /** Another event already holds this (origin, seq). Permanent. */
  'seq_conflict',
  /** Another event already holds this event id. Permanent, consumes the seq. */
  'event_id_conflict',
  /** A known event type whose fields fail the shared schema. Permanent, consumes the seq. */
  'invalid_event',
  /** An event type or version this server does not know yet (upgrade the server). Retryable. */
  'unsupported_event',
  /** The event's clock is too far ahead of the server's: quarantined. Permanent, consumes the seq. */
  'clock_skew',
]);
export type RejectionCode = z.infer<typeof RejectionCode>;

export const RETRYABLE_REJECTIONS: readonly RejectionCode[] = ['seq_gap', 'unsupported_event'];

export const PushEventResult = z.discriminatedUnion('status', [
  z.object({ id: EventId, seq: z.int(), status: z.literal('accepted'), serverSeq: z.int() }),
  /** The server already has (origin, seq): safe to mark as delivered. */
  z.object({ id: EventId, seq: z.int(), status: z.literal('duplicate') }),
  z.object({
    id: EventId,
    seq: z.int(),
    status: z.literal('rejected'),
    /** Always sent by this server; optional so answers of servers that predate codes still parse. */
    code: RejectionCode.optional(),
    reason: z.string(),
    expectedSeq: z.int().optional(),
  }),
]);
export type PushEventResult = z.infer<typeof PushEventResult>;

export const PushResponse = z.object({ results: z.array(PushEventResult), serverTime: z.number() });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z
  .object({
    cursor: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_PAGE).default(200),
    /** Long poll: with no new events, wait up to this long for one before answering. */
    waitMs: z.coerce.number().int().min(0).max(MAX_PULL_WAIT_MS).default(0),
    /**
     * Leave out this origin's events with seq up to `exceptThroughSeq`: a station passes its own
     * origin and last seq, because it holds those already (they are its own writes). Both or neither.
     */
    exceptOrigin: OriginId.optional(),
    exceptThroughSeq: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((q) => (q.exceptOrigin === undefined) === (q.exceptThroughSeq === undefined), {
    message: 'exceptOrigin and exceptThroughSeq go together',
    path: ['exceptThroughSeq'],
  });
export type PullQuery = z.infer<typeof PullQuery>;

export const PulledEvent = z.object({ serverSeq: z.int().positive(), event: DomainEvent });
export const PullResponse = z.object({
  events: z.array(PulledEvent),
  nextCursor: z.int().nonnegative(),
  upToDate: z.boolean(),
  serverTime: z.number(),
  /**
   * The store's newest server cursor when the page was read: `head - cursor` is how far the puller
   * is behind (consumer lag). Optional: servers that predate it omit it.
   */
  head: z.int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * Server → station messages on the live WebSocket (`/v1/stores/:store/live`). A poke carries no
 * events, only the newest server cursor of the store: the station pulls, so data has one path.
 */
export const LiveMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), storeId: StoreId, cursor: z.int().nonnegative() }),
  z.object({ type: z.literal('poke'), cursor: z.int().nonnegative() }),
  /** Store data (routing, later the menu) changed: pull `data?after=` if this store data cursor is beyond yours. */
  z.object({ type: z.literal('store-data'), cursor: z.int().nonnegative() }),
]);
export type LiveMessage = z.infer<typeof LiveMessage>;

/** `GET /v1/auth/me`: who a credential is, so a client needs only the URL and its token. */
export const WhoAmI = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('station'), credentialId: z.string(), storeId: StoreId, stationId: OriginId.nullable() }),
  z.object({ kind: z.literal('channel'), credentialId: z.string(), storeId: StoreId, origin: OriginId, channel: z.string() }),
  z.object({ kind: z.literal('admin') }),
]);
export type WhoAmI = z.infer<typeof WhoAmI>;

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** The request field at fault (`lines[0].modifiers`), when one is. */
    field: z.string().optional(),
    /** The menu item at fault (sold out, unknown). */
    itemId: z.string().optional(),
    /** Every problem of a whole-document check (a menu publish), each at its path. */
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
