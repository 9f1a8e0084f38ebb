import { decodeHlc, encodeHlc, tickHlc } from '../../../shared/hlc.js';
import type { IpcResult } from '../../../shared/ipc/contract.js';
import type { AvailabilityView } from '../../../shared/ipc/commands/menu.js';
import type { Logger } from '../../../shared/logger.js';
import {
  deriveCount,
  OVERSOLD_RULE,
  setAvailability,
  type AvailabilityEntry,
  type CountedSale,
} from '../../../shared/menu/availability.js';
import type { OrderView } from '../../../shared/order-view.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { Db } from '../db/open-database.js';
import type { StoreData, StoreDataClock } from '../store-data/store-data.js';

export interface AvailabilityDeps {
  db: Db;
  storeData: StoreData;
  /** The station's clock (the event store's), which stamps entries. */
  hlc: StoreDataClock;
  getOrder(orderId: string): OrderView | undefined;
  onOrderChanged(listener: (view: OrderView) => void): () => void;
  origin: string;
  logger: Logger;
}

export interface AvailabilityChange {
  soldOut: boolean;
  count?: number | undefined;
}

/**
 * Availability ("86") as this station follows it: the store's `menu-availability` document (merged
 * entry by entry with every other replica's, see StoreData) and, for counted items, what is left
 * after the sales this station holds as events. A count is never written back as it goes down: each
 * replica derives it from the same sales once it has them, and an oversold last unit is resolved by
 * OVERSOLD_RULE the same way everywhere.
 */
export class StationAvailability {
  readonly #listeners: ListenerSet<AvailabilityView>;
  readonly #sales;

  constructor(private readonly deps: AvailabilityDeps) {
    this.#listeners = new ListenerSet((error) => deps.logger.error({ err: error }, 'availability listener failed'));
    // The lines that added `itemId` after a count was set, whichever station rang them up.
    this.#sales = deps.db.prepare<[string, string], { order_id: string; line_id: string; hlc: string }>(
      `SELECT order_id, json_extract(body, '$.payload.lineId') AS line_id, hlc FROM events
       WHERE type = 'LineAdded' AND hlc > ? AND json_extract(body, '$.payload.itemId') = ?`,
    );
    deps.storeData.onChange(({ document }) => {
      if (document.kind === 'menu-availability') this.#listeners.emit(this.view());
    });
    deps.onOrderChanged((order) => {
      const items = this.entries();
      if (order.lines.some((line) => items[line.itemId]?.count !== undefined)) this.#listeners.emit(this.view());
    });
  }

  private entries(): Record<string, AvailabilityEntry> {
    return this.deps.storeData.current('menu-availability')?.body.items ?? {};
  }

  /** Counted sales of `itemId` after `since`: lines still on orders that were not cancelled, at their current quantity. */
  private salesOf(itemId: string, since: string): CountedSale[] {
    const sales: CountedSale[] = [];
    for (const row of this.#sales.all(since, itemId)) {
      const order = this.deps.getOrder(row.order_id);
      if (!order || order.status === 'cancelled') continue;
      const line = order.lines.find((l) => l.lineId === row.line_id);
      if (line) sales.push({ orderId: order.id, lineId: line.lineId, quantity: line.quantity, addedAt: row.hlc });
    }
    return sales;
  }

  view(): AvailabilityView {
    const items = Object.entries(this.entries()).map(([itemId, entry]) => {
      const derived = deriveCount(entry, entry.count === undefined ? [] : this.salesOf(itemId, entry.at));
      return {
        itemId,
        soldOut: derived.soldOut,
        left: derived.left,
        oversoldUnits: derived.oversold.reduce((n, line) => n + line.units, 0),
        ...(entry.setBy === undefined ? {} : { setBy: entry.setBy }),
      };
    });
    return { items, oversoldRule: { name: OVERSOLD_RULE.name, resolution: OVERSOLD_RULE.resolution } };
  }

  /** Whether a new line of `itemId` may be rung up without a manager: not sold out and not counted down to nothing. */
  isSoldOut(itemId: string): boolean {
    const entry = this.entries()[itemId];
    if (entry === undefined) return false;
    return deriveCount(entry, entry.count === undefined ? [] : this.salesOf(itemId, entry.at)).soldOut;
  }

  /**
   * Marks an item here. The entry is stamped after the station's clock and after the entry it
   * replaces (so it wins over it everywhere), by this station; the document is merged, never replaced.
   */
  set(itemId: string, change: AvailabilityChange, setBy: string): IpcResult<AvailabilityView> {
    const held = this.deps.storeData.current('menu-availability')?.body ?? { items: {} };
    const previous = held.items[itemId];
    let at = this.deps.hlc.tickClock();
    if (previous && encodeHlc(at) <= previous.at) at = tickHlc(decodeHlc(previous.at), 0);
    const entry: AvailabilityEntry = {
      soldOut: change.soldOut,
      ...(change.count === undefined ? {} : { count: change.count }),
      at: encodeHlc(at),
      by: this.deps.origin,
      setBy,
    };
    const written = this.deps.storeData.writeLocal('menu-availability', setAvailability(held, itemId, entry));
    if (!written.ok) return { ok: false, error: { code: 'bad_request', message: written.error.message } };
    this.deps.logger.info({ itemId, soldOut: change.soldOut, count: change.count, setBy }, 'availability set here');
    return { ok: true, value: this.view() };
  }

  onChange(listener: (view: AvailabilityView) => void): () => void {
    return this.#listeners.add(listener);
  }
}
