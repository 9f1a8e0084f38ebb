import { arbitrate } from './arbiter/rules.js';
import { compareEvents, upcastEvent, type CurrentEvent, type DomainEvent, type EventOf } from './events.js';
import { foldEvent } from './fold/apply.js';
import { initialState, type FoldState } from './fold/state.js';
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
  return foldOrderResumable(events)?.view;
}

/**
 * A fold that can take later events without starting over: the state after its last event, as a
 * caller keeps it when events arrive in merge order (a station's own writes always sort last, and
 * so does most of what a pull brings). `extendFold` consumes it: the state moves on, so only the
 * fold it returns may be used afterwards.
 */
export interface ResumableFold {
  readonly view: OrderView;
  readonly state: FoldState;
  /** The last event folded, in merge order. */
  readonly last: CurrentEvent;
  readonly ids: Set<string>;
  readonly vv: Record<string, number>;
}

/** `foldOrder`, keeping what `extendFold` needs to go on from here. */
export function foldOrderResumable(events: readonly DomainEvent[]): ResumableFold | undefined {
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
  const last = log[log.length - 1]!;
  const vv = versionVectorOf(log);
  const view = toView(s, { eventCount: log.length, lastHlc: last.hlc, vv: { ...vv } });
  return { view, state: s, last, ids: new Set(log.map((e) => e.id)), vv };
}

/**
 * Folds `later` on top of `fold` when that gives exactly what a full fold of all the events would:
 * each later event sorts after everything folded so far and carries an id not seen yet. Otherwise
 * returns undefined and leaves `fold` untouched; the caller folds from scratch.
 */
export function extendFold(fold: ResumableFold, later: readonly DomainEvent[]): ResumableFold | undefined {
  const events = later.map(upcastEvent);
  const fresh = new Set<string>();
  let previous = fold.last;
  for (const e of events) {
    if (fold.ids.has(e.id) || fresh.has(e.id) || mergeOrder(previous, e) >= 0) return undefined;
    fresh.add(e.id);
    previous = e;
  }
  const { state, ids, vv } = fold;
  for (const e of events) {
    foldEvent(state, e);
    ids.add(e.id);
    if (e.seq > (vv[e.origin] ?? 0)) vv[e.origin] = e.seq;
  }
  const view = toView(state, { eventCount: ids.size, lastHlc: previous.hlc, vv: { ...vv } });
  return { view, state, last: previous, ids, vv };
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
