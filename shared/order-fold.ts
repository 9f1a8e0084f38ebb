import { compareEvents, type DomainEvent } from './events.js';
import type { ConflictView, OrderView } from './order-view.js';

/**
 * Folds an order's events, in any arrival order and with any duplicates, into one view. The result
 * depends only on the set of events: every replica computes the same order.
 *
 * Returns undefined while the order's opening event has not arrived yet (a line can be pulled
 * before the event that opened its order); the caller keeps the events and re-folds later.
 */
export function foldOrder(events: readonly DomainEvent[]): OrderView | undefined {
  const log = dedupe(events).sort(compareEvents);
  const opened = log.find((e) => e.type === 'OrderOpened');
  if (!opened || opened.type !== 'OrderOpened') return undefined;

  const view: OrderView = {
    id: opened.orderId,
    status: 'open',
    channel: opened.payload.channel,
    orderType: opened.payload.orderType,
    currency: opened.payload.currency,
    ticketNumber: opened.payload.ticketNumber,
    openedBy: opened.origin,
    openedAt: opened.hlc,
    lines: [],
    totalMinor: 0,
    paidMinor: 0,
    changeMinor: 0,
    eventCount: log.length,
    lastHlc: log[log.length - 1]!.hlc,
    conflicts: [],
  };
  const conflict = (c: ConflictView) => view.conflicts.push(c);

  for (const event of log) {
    switch (event.type) {
      case 'OrderOpened':
        if (event.id !== opened.id) {
          conflict({ rule: 'duplicate-open', eventIds: [opened.id, event.id], outcome: 'the earlier opening stands' });
        }
        break;
      case 'LineAdded': {
        if (view.status !== 'open') {
          conflict({
            rule: 'line-after-payment',
            eventIds: [event.id],
            outcome: `line "${event.payload.name}" was added after payment and is not charged`,
          });
          break;
        }
        if (view.lines.some((l) => l.lineId === event.payload.lineId)) {
          conflict({ rule: 'duplicate-line-id', eventIds: [event.id], outcome: 'the first line with this id stands' });
          break;
        }
        const { lineId, itemId, name, quantity, unitPriceMinor, kitchenStation } = event.payload;
        view.lines.push({
          lineId,
          itemId,
          name,
          quantity,
          unitPriceMinor,
          totalMinor: quantity * unitPriceMinor,
          ...(kitchenStation ? { kitchenStation } : {}),
        });
        view.totalMinor += quantity * unitPriceMinor;
        break;
      }
      case 'PaymentCaptured':
        view.paidMinor += event.payload.amountMinor;
        view.changeMinor += event.payload.changeMinor;
        if (view.status === 'open' && view.paidMinor >= view.totalMinor) view.status = 'paid';
        else if (view.status !== 'open') {
          conflict({
            rule: 'payment-after-paid',
            eventIds: [event.id],
            outcome: 'the order was already paid: the extra payment is owed back to the customer',
          });
        }
        break;
    }
  }
  return view;
}

function dedupe(events: readonly DomainEvent[]): DomainEvent[] {
  const seen = new Map<string, DomainEvent>();
  for (const e of events) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()];
}

/** Version vector of everything known about an order: attached to the next event its author writes. */
export function versionVectorOf(events: readonly DomainEvent[]): Record<string, number> {
  const vv: Record<string, number> = {};
  for (const e of events) vv[e.origin] = Math.max(vv[e.origin] ?? 0, e.seq);
  return vv;
}
