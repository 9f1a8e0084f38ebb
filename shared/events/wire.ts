import type { z } from 'zod';
import { decodeHlc } from '../hlc.js';
import { DomainEvent, upcastEvent, type CurrentEvent } from './catalogue.js';

/** Parses any readable version and hands out the current one: for readers that never store the event. */
export const EventFromWire = DomainEvent.transform(upcastEvent);

/**
 * Why an incoming event was refused. `unsupported_event` is a type or version this build cannot
 * read yet (retry after an upgrade); `invalid_event` breaks the schema; `clock_skew` is stamped
 * further in the future than the drift bound allows. `field` is the dotted path of the culprit.
 */
export interface EventRejection {
  code: 'invalid_event' | 'unsupported_event' | 'clock_skew';
  field: string;
  message: string;
}

export type EventAdmission = { ok: true; event: DomainEvent; current: CurrentEvent } | { ok: false; error: EventRejection };

export function rejectionFromIssues(issues: readonly z.core.$ZodIssue[]): EventRejection {
  const issue = issues[0];
  if (!issue) return { code: 'invalid_event', field: '', message: 'event failed validation' };
  const field = issue.path.map(String).join('.');
  // A well-formed type or version that no schema claims is a newer writer, not a broken one.
  const unknownDiscriminator = issue.code === 'invalid_union' && (field === 'type' || field === 'v') && !/must be/.test(issue.message);
  const message = issue.message.startsWith(`${field}:`) || field === '' ? issue.message : `${field}: ${issue.message}`;
  return { code: unknownDiscriminator ? 'unsupported_event' : 'invalid_event', field, message };
}

/** Schema check plus upcast, with the first problem named by field. */
export function parseEvent(raw: unknown): EventAdmission {
  const parsed = DomainEvent.safeParse(raw);
  if (!parsed.success) return { ok: false, error: rejectionFromIssues(parsed.error.issues) };
  return { ok: true, event: parsed.data, current: upcastEvent(parsed.data) };
}

/**
 * The edge check for events from another replica: schema, version, and the drift bound. An event
 * stamped beyond `nowMs + maxDriftMs` is refused rather than merged, because every later event
 * anywhere would have to sort after it (one bad clock would drag the whole store into the future).
 */
export function admitEvent(raw: unknown, bound: { nowMs: number; maxDriftMs: number }): EventAdmission {
  const result = parseEvent(raw);
  if (!result.ok) return result;
  const aheadMs = decodeHlc(result.event.hlc).wallMs - bound.nowMs;
  if (aheadMs > bound.maxDriftMs) {
    return {
      ok: false,
      error: {
        code: 'clock_skew',
        field: 'hlc',
        message: `hlc: stamped ${aheadMs} ms ahead of this clock (limit ${bound.maxDriftMs} ms); the author's clock is wrong`,
      },
    };
  }
  return result;
}
