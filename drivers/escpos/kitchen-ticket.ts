/** One dish on a kitchen ticket: modifiers ("no onions") and a free-text note are what cooks miss. */
export interface KitchenTicketItem {
  quantity: number;
  name: string;
  modifiers?: string[];
  note?: string;
}

/**
 * A kitchen ticket for one station (grill, bar, ...): stored with its print job, like receipts, so it
 * can be re-rendered for a fallback printer with another paper width.
 */
export interface KitchenTicketDocument {
  kind: 'kitchen';
  /** The number the counter calls out, e.g. "42". */
  ticketNumber: string;
  /** Already human-readable: "TAKEOUT", "DINE IN", "DELIVERY". */
  orderType: string;
  /** The kitchen station this ticket was routed to (the catalog's kitchenStation). */
  station: string;
  /** Preformatted in the store's locale and time zone. */
  timestamp: string;
  table?: string;
  /** The name called out at the pass or written on the bag. */
  guest?: string;
  items: KitchenTicketItem[];
  /** An order-level note ("allergy: peanuts"). */
  note?: string;
  reprint?: boolean;
  /** Set when the station's own printer was down and the ticket went to its fallback printer. */
  reroutedFrom?: string;
}
