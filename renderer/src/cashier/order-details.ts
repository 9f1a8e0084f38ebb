import type { OrderView } from '../../../shared/order-view.js';

/** What the details dialog edits, as typed: a blank field means "none". */
export interface OrderDetailsForm {
  table: string;
  name: string;
  note: string;
}

export const MAX_TABLE_LENGTH = 12;
export const MAX_NAME_LENGTH = 80;
export const MAX_NOTE_LENGTH = 500;

type Details = Pick<OrderView, 'tableNumber' | 'customerName' | 'note'>;

export function detailsForm(order: Details): OrderDetailsForm {
  return { table: order.tableNumber ?? '', name: order.customerName ?? '', note: order.note ?? '' };
}

/** Per field: undefined when unchanged, null to clear, the trimmed text to set. */
const change = (typed: string, current: string | undefined): string | null | undefined => {
  const next = typed.trim();
  if (next === (current ?? '')) return undefined;
  return next === '' ? null : next;
};

/**
 * The commands a save needs: `guest` for order.setGuest (only the fields that changed), `note` for
 * order.setNote (an empty note clears it). Undefined parts need no command.
 */
export function detailsChanges(
  order: Details,
  form: OrderDetailsForm,
): { guest?: { tableNumber?: string | null; customerName?: string | null }; note?: string } {
  const tableNumber = change(form.table, order.tableNumber);
  const customerName = change(form.name, order.customerName);
  const note = form.note.trim();
  return {
    ...(tableNumber !== undefined || customerName !== undefined
      ? { guest: { ...(tableNumber !== undefined ? { tableNumber } : {}), ...(customerName !== undefined ? { customerName } : {}) } }
      : {}),
    ...(note !== (order.note ?? '') ? { note } : {}),
  };
}

/** What the open-orders list and the cart heading show: "Table 12 · Anna", "Table 12", "Anna", or nothing. */
export function guestOf(order: Pick<OrderView, 'tableNumber' | 'customerName'> | null | undefined): string {
  if (!order) return '';
  return [order.tableNumber !== undefined ? `Table ${order.tableNumber}` : '', order.customerName ?? ''].filter(Boolean).join(' · ');
}
