import type { OrderType } from '../../../shared/events.js';
import type { OrderLineView } from '../../../shared/order-view.js';
import type { ConnectionStatus } from '../bridge/connection.js';

export const orderTypeLabel: Record<OrderType, string> = {
  dine_in: 'Dine in',
  takeout: 'Takeout',
  delivery: 'Delivery',
};

export const connectionLabel: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline — reconnecting',
  unauthorized: 'Not authorized',
};

export interface LineSummary {
  key: string;
  name: string;
  quantity: number;
  totalMinor: number;
}

/**
 * Two taps on Espresso are two order lines (each keeps its own id for later voids), but people read
 * them as "2 × Espresso": identical lines are merged for display, in first-added order.
 */
export function summarizeLines(lines: readonly OrderLineView[]): LineSummary[] {
  const merged = new Map<string, LineSummary>();
  for (const line of lines) {
    const key = `${line.itemId}|${line.name}|${line.unitPriceMinor}|${line.kitchenStation ?? ''}`;
    const existing = merged.get(key);
    if (existing) {
      existing.quantity += line.quantity;
      existing.totalMinor += line.totalMinor;
    } else {
      merged.set(key, { key, name: line.name, quantity: line.quantity, totalMinor: line.totalMinor });
    }
  }
  return [...merged.values()];
}
