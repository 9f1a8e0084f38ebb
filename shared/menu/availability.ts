import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import { OriginId } from '../events/envelope.js';
import { HLC_PATTERN } from '../hlc.js';

/**
 * Availability ("86"): per item, sold out or a count left, in its own store data document
 * (`menu-availability`) so marking the burger sold out is a few hundred bytes, not a menu publish.
 *
 * Each entry carries its own stamp (hlc, by). The store data register is last-writer-wins per
 * document, so every writer (server, station, kitchen screen) must MERGE the document it holds with
 * its change (`setAvailability`) and a replica receiving a document must merge it with its own
 * (`mergeAvailability`) before writing: entry by entry the greater stamp wins, which converges
 * whatever order documents cross in.
 *
 * A count left is a count SET at a moment (`count`, `at`): what is left is derived from the sales
 * every replica holds as events (`deriveCount`), never written back, so two partitioned counters
 * both counting down agree once they have each other's events.
 */
const Hlc = z.string().regex(HLC_PATTERN, 'hlc: 15 digits, "-", 5 digits');

export const AvailabilityEntry = z.strictObject({
  /** Marked sold out: nothing sells until someone marks it available again. */
  soldOut: z.boolean(),
  /** Units left as counted at `at`; absent: no count kept. */
  count: z.int().min(0).max(100_000).optional(),
  /** When it was set (an hlc of the writer's clock) and by whom (origin): the entry's stamp. */
  at: Hlc,
  by: OriginId,
  /** Who said so, for people: a staff id, "kitchen", "back office". */
  setBy: z.string().min(1).max(80).optional(),
});
export type AvailabilityEntry = z.infer<typeof AvailabilityEntry>;

/** Entries for items that are sold out or counted; an item without one is available without limit. */
export const MenuAvailability = z
  .strictObject({ items: z.record(CatalogItemId, AvailabilityEntry) })
  .refine((body) => Object.keys(body.items).length <= 3_000, { message: 'at most 3000 entries', path: ['items'] });
export type MenuAvailability = z.infer<typeof MenuAvailability>;

const stampOrder = (a: AvailabilityEntry, b: AvailabilityEntry): number =>
  a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.by !== b.by ? (a.by < b.by ? -1 : 1) : 0;

/** Entry by entry, the greater (at, by) wins: commutative, associative and idempotent. */
export function mergeAvailability(a: MenuAvailability, b: MenuAvailability): MenuAvailability {
  const items: Record<string, AvailabilityEntry> = { ...a.items };
  for (const [id, entry] of Object.entries(b.items)) {
    const held = items[id];
    if (held === undefined || stampOrder(entry, held) > 0) items[id] = entry;
  }
  return { items };
}

/** A change to one item, stamped by the writer. "available" keeps a stamped entry (soldOut false, no count) so it can win over an older "sold out". */
export function setAvailability(held: MenuAvailability, itemId: string, entry: AvailabilityEntry): MenuAvailability {
  return mergeAvailability(held, { items: { [itemId]: entry } });
}

/** A sale that counts against a count: one non-voided line, with the hlc of the event that added it. */
export interface CountedSale {
  orderId: string;
  lineId: string;
  quantity: number;
  addedAt: string;
}

/**
 * The arbiter rule for two partitioned counters selling the last unit(s): both sales stand (money
 * was taken, food may be cooking), the item is sold out, and the units beyond the count are flagged
 * on the lines that came last in (hlc, line id) order, the same on every replica. Stations and the
 * back office show the outcome; nobody loses a sale.
 */
export const OVERSOLD_RULE = {
  name: 'availability.oversold-last-unit',
  conflict: 'Two counters that could not see each other sold the last unit(s) of a counted item at the same time.',
  resolution:
    'Both sales stand. The item shows sold out everywhere; the units sold beyond the count are flagged on the later line(s) (by hlc, then line id) for the manager to settle (remake, offer another item, refund).',
} as const;

export interface OversoldLine {
  orderId: string;
  lineId: string;
  /** Units of this line beyond the count. */
  units: number;
}

export interface DerivedAvailability {
  soldOut: boolean;
  /** Units left; null when no count is kept. Never below zero: the excess is in `oversold`. */
  left: number | null;
  oversold: OversoldLine[];
  /** `OVERSOLD_RULE.name` when `oversold` is not empty. */
  rule?: typeof OVERSOLD_RULE.name;
}

/** What is left of a counted item after the sales made after its count was set; deterministic in the set of sales. */
export function deriveCount(entry: AvailabilityEntry | undefined, sales: readonly CountedSale[]): DerivedAvailability {
  if (entry === undefined) return { soldOut: false, left: null, oversold: [] };
  if (entry.count === undefined) return { soldOut: entry.soldOut, left: null, oversold: [] };
  const after = sales
    .filter((s) => s.addedAt > entry.at)
    .sort((a, b) => (a.addedAt !== b.addedAt ? (a.addedAt < b.addedAt ? -1 : 1) : a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  let left = entry.count;
  const oversold: OversoldLine[] = [];
  for (const sale of after) {
    const taken = Math.min(left, sale.quantity);
    left -= taken;
    if (sale.quantity > taken) oversold.push({ orderId: sale.orderId, lineId: sale.lineId, units: sale.quantity - taken });
  }
  return { soldOut: entry.soldOut || left === 0, left, oversold, ...(oversold.length > 0 ? { rule: OVERSOLD_RULE.name } : {}) };
}

/** Same entries with the same stamps (key order does not matter). */
export function sameAvailability(a: MenuAvailability, b: MenuAvailability): boolean {
  const keys = Object.keys(a.items);
  if (keys.length !== Object.keys(b.items).length) return false;
  return keys.every((id) => {
    const x = a.items[id];
    const y = b.items[id];
    return x !== undefined && y !== undefined && stampOrder(x, y) === 0;
  });
}
