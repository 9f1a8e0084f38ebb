import type { Clock } from '../../../shared/clock.js';
import { compareEvents, type DomainEvent } from '../../../shared/events.js';
import { decodeHlc, receiveHlc } from '../../../shared/hlc.js';
import type { Logger } from '../../../shared/logger.js';
import { extendFold, foldOrderResumable } from '../../../shared/order-fold.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { Commit } from './commit-notice.js';
import type { EventLog } from './event-log.js';
import type { LogPosition } from './log-position.js';
import type { CachedOrder, OrderCache } from './order-cache.js';
import type { RecoverableCommit } from './recoverable-commit.js';
import type { StateEntry, StoreSettings } from './settings.js';

export interface RemoteApplyDeps {
  db: Db;
  origin: string;
  clock: Clock;
  logger: Logger;
  /** Remote clocks further ahead than this do not drag our HLC forward. */
  maxClockDriftMs: number;
  log: EventLog;
  position: LogPosition;
  cache: OrderCache;
  settings: StoreSettings;
  recoverable: RecoverableCommit;
  commits: ListenerSet<Commit>;
}

/** A remote page's source and, for a peer's page, the check each event passes before it is stored. */
export interface PageSource {
  via: 'server' | 'peer';
  /** Inside the page's transaction, before the event is stored: false leaves it out. */
  admit?: (event: DomainEvent) => boolean;
  cursor?: { key: string; value: number };
  state?: readonly StateEntry[];
}

/** Events pulled from the server or received from a peer, merged into the local log. */
export class RemoteApply {
  constructor(private readonly deps: RemoteApplyDeps) {}

  /**
   * Applies events pulled from the server: deduped by id, affected orders re-folded, and the pull
   * cursor advanced, all in one transaction, so a crash either keeps the whole page or re-pulls it.
   */
  applyRemote(
    events: readonly DomainEvent[],
    cursor?: { key: string; value: number },
    ...state: StateEntry[]
  ): { inserted: number; changed: OrderView[] } {
    return this.applyPage(events, { via: 'server', ...(cursor ? { cursor } : {}), state });
  }

  /**
   * One page from any source, in one transaction: a peer's page goes through the same fold and
   * projection as a pulled one, so windows and the kitchen see it the same way.
   */
  applyPage(events: readonly DomainEvent[], source: PageSource): { inserted: number; changed: OrderView[] } {
    const { cursor, state = [], admit } = source;
    const { db, log, position, cache, settings, logger } = this.deps;
    let hlc = position.hlc;
    let ownSeq = position.localSeq;
    const run = db.transaction(() => {
      const now = this.deps.clock.now();
      /** The events this page added, per order: appended to a cached order instead of re-reading it. */
      const affected = new Map<string, DomainEvent[]>();
      const inserted: DomainEvent[] = [];
      for (const event of events) {
        if (admit && !admit(event)) continue;
        if (!log.insert(event, false, now)) continue;
        inserted.push(event);
        // Our own event we did not hold (this station's database was restored or replaced): our
        // next write must not reuse its seq, which the server would refuse as a conflict.
        if (event.origin === this.deps.origin && event.seq > ownSeq) ownSeq = event.seq;
        const added = affected.get(event.orderId);
        if (added) added.push(event);
        else affected.set(event.orderId, [event]);
        const merged = receiveHlc(hlc, decodeHlc(event.hlc), now, this.deps.maxClockDriftMs);
        if (merged.ok) hlc = merged.hlc;
        else logger.warn({ eventId: event.id, origin: event.origin, reason: merged.reason }, 'remote clock ignored');
      }
      if (cursor) settings.setSyncState(cursor.key, String(cursor.value));
      for (const { key, value } of state) settings.setSyncState(key, value);
      const changed: OrderView[] = [];
      const refreshed = new Map<string, CachedOrder>();
      // Each affected order is folded once per page, however many of its events the page holds.
      for (const [orderId, added] of affected) {
        const cached = cache.get(orderId);
        const events = cached ? [...cached.events, ...added] : log.orderEventsWith(orderId, added);
        // A catch-up brings an order's events after the ones held, mostly: its fold goes on from there.
        const fold = (cached?.fold && extendFold(cached.fold, [...added].sort(compareEvents))) ?? foldOrderResumable(events);
        const view = fold?.view;
        refreshed.set(orderId, { events, view, fold });
        // An order whose opening event has not arrived yet stays unprojected until it does.
        if (view) {
          log.saveView(view);
          changed.push(view);
        }
      }
      return { inserted, changed, refreshed };
    });
    let applied: ReturnType<typeof run.immediate>;
    try {
      applied = this.deps.recoverable(() => run.immediate());
    } catch (error) {
      // Rolled back, but cached folds may have moved on with events that were never stored.
      cache.clear();
      throw error;
    }
    const { refreshed, inserted, changed } = applied;
    position.hlc = hlc;
    position.localSeq = ownSeq;
    for (const [orderId, order] of refreshed) cache.remember(orderId, order);
    // One announcement per page that stored an event (peers relay it even when no order could be
    // projected yet); a page of duplicates changed nothing.
    if (inserted.length > 0) this.deps.commits.emit({ source: 'remote', via: source.via, orders: changed, events: inserted });
    return { inserted: inserted.length, changed };
  }
}
