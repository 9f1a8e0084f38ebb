import { z } from 'zod';
import { DomainEvent, EventId, OriginId } from '../events.js';

/** HTTP sync protocol between a station (or channel gateway) and the central server. */
export const MAX_PUSH_BATCH = 500;
export const MAX_PULL_PAGE = 1000;

export const PushRequest = z.object({
  origin: OriginId,
  events: z.array(DomainEvent).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const PushEventResult = z.discriminatedUnion('status', [
  z.object({ id: EventId, seq: z.int(), status: z.literal('accepted'), serverSeq: z.int() }),
  /** The server already has (origin, seq): safe to mark as delivered. */
  z.object({ id: EventId, seq: z.int(), status: z.literal('duplicate') }),
  z.object({ id: EventId, seq: z.int(), status: z.literal('rejected'), reason: z.string(), expectedSeq: z.int().optional() }),
]);
export type PushEventResult = z.infer<typeof PushEventResult>;

export const PushResponse = z.object({ results: z.array(PushEventResult), serverTime: z.number() });
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_PAGE).default(200),
});

export const PulledEvent = z.object({ serverSeq: z.int().positive(), event: DomainEvent });
export const PullResponse = z.object({
  events: z.array(PulledEvent),
  nextCursor: z.int().nonnegative(),
  upToDate: z.boolean(),
  serverTime: z.number(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
