import type { KitchenTicketDocument, KitchenTicketItem } from './kitchen-ticket.js';

export interface KitchenOrder {
  ticketNumber: string;
  orderType: string;
  timestamp: string;
  table?: string;
  guest?: string;
  note?: string;
  /** `station` is the catalog item's kitchenStation; items without one go to `defaultStation`. */
  items: (KitchenTicketItem & { station?: string })[];
}

/** One ticket per kitchen station, in the order stations first appear in the order. */
export function kitchenTicketsByStation(order: KitchenOrder, defaultStation = 'Kitchen'): KitchenTicketDocument[] {
  const byStation = new Map<string, KitchenTicketItem[]>();
  for (const { station, ...item } of order.items) {
    const name = station?.trim() || defaultStation;
    const items = byStation.get(name) ?? [];
    items.push(item);
    byStation.set(name, items);
  }
  return [...byStation].map(([station, items]) => ({
    kind: 'kitchen',
    ticketNumber: order.ticketNumber,
    orderType: order.orderType,
    station,
    timestamp: order.timestamp,
    items,
    ...(order.table !== undefined ? { table: order.table } : {}),
    ...(order.guest !== undefined ? { guest: order.guest } : {}),
    ...(order.note !== undefined ? { note: order.note } : {}),
  }));
}
