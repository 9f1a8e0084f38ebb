import { arbitrate } from './arbiter/rules.js';
import { compareEvents, upcastEvent, type CurrentEvent, type DomainEvent, type EventOf } from './events.js';
import { foldEvent } from './fold/apply.js';
import { initialState } from './fold/state.js';
import { toView } from './fold/view.js';
import { canonicalJson } from './canonical.js';
import type { OrderView } from './order-view.js';

/**
 * Folds an order's events, in any arrival order and with any duplicates, into one view. The result
 * depends only on the set of events: every replica computes the same order. Events of any readable
 * version are upcast first; each is then run through the lifecycle machines in merge-log order
 * (hlc, origin, seq), and whatever is illegal where it lands goes to the arbiter.
 *
 * Returns undefined while the order's opening event has not arrived yet (a line can be pulled
 * before the event that opened its order); the caller keeps the events and re-folds later.
 */
export function foldOrder(events: readonly DomainEvent[]): OrderView | undefined {
  const { log, reused } = mergeLog(events);
  let opening: EventOf<'OrderOpened'> | undefined;
  for (const e of log) {
    if (e.type === 'OrderOpened') {
      opening = e;
      break;
    }
  }
  if (!opening) return undefined;

  const s = initialState(opening);
  for (const { kept, dropped } of reused) {
    const r = arbitrate({ s, e: dropped, trigger: { kind: 'refused', by: 'dedupe', state: 'duplicate id' }, other: kept });
    if (r) s.conflicts.push({ rule: r.rule, eventIds: [dropped.id], outcome: r.outcome });
  }
  for (const e of log) if (e !== opening) foldEvent(s, e);
  return toView(s, { eventCount: log.length, lastHlc: log[log.length - 1]!.hlc, vv: versionVectorOf(log) });
}

/**
 * Upcasts, drops exact duplicates and sorts into merge order. Two different events with one id (a
 * bug or a forgery) must not make the result depend on arrival order: the one first in merge order
 * (then by content) is kept, and the other is reported.
 */
function mergeLog(events: readonly DomainEvent[]): { log: CurrentEvent[]; reused: { kept: CurrentEvent; dropped: CurrentEvent }[] } {
  const byId = new Map<string, CurrentEvent>();
  const losers = new Map<string, CurrentEvent[]>();
  for (const raw of events) {
    const e = upcastEvent(raw);
    const seen = byId.get(e.id);
    if (!seen) {
      byId.set(e.id, e);
      continue;
    }
    if (seen === e || canonicalJson(seen) === canonicalJson(e)) continue;
    const [first, second] = before(seen, e) ? [seen, e] : [e, seen];
    byId.set(e.id, first);
    const list = losers.get(e.id) ?? [];
    if (!list.some((x) => canonicalJson(x) === canonicalJson(second))) list.push(second);
    losers.set(e.id, list);
  }
  const log = [...byId.values()].sort(mergeOrder);
  const reused: { kept: CurrentEvent; dropped: CurrentEvent }[] = [];
  for (const [id, list] of [...losers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kept = byId.get(id)!;
    for (const dropped of list.filter((x) => canonicalJson(x) !== canonicalJson(kept)).sort((a, b) => (before(a, b) ? -1 : 1))) {
      reused.push({ kept, dropped });
    }
  }
  return { log, reused };
}

/** compareEvents, then id: (origin, seq) is unique in a healthy log, but a fold must not depend on it. */
function mergeOrder(a: CurrentEvent, b: CurrentEvent): number {
  return compareEvents(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function before(a: CurrentEvent, b: CurrentEvent): boolean {
  const c = mergeOrder(a, b);
  return c !== 0 ? c < 0 : canonicalJson(a) < canonicalJson(b);
}

/** Version vector of everything known about an order: attached to the next event its author writes. */
export function versionVectorOf(events: readonly Pick<DomainEvent, 'origin' | 'seq'>[]): Record<string, number> {
  const vv: Record<string, number> = {};
  for (const e of events) if (e.seq > (vv[e.origin] ?? 0)) vv[e.origin] = e.seq;
  return vv;
}
