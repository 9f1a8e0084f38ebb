import { checkBarcode } from '../../shared/barcode.js';
import type { CatalogItem } from '../../shared/catalog.js';
import type { Actor, NewEvent, OrderType } from '../../shared/events.js';
import type { IpcError } from '../../shared/ipc/contract.js';
import { formatMoney } from '../../shared/money.js';
import type { OrderView } from '../../shared/order-view.js';
import type { Decision, EventStore } from './event-store.js';

/** An existing order, or none: then the command opens one of `orderType`. */
export interface OrderTarget {
  orderId?: string | undefined;
  orderType: OrderType;
}

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

const fail = (code: IpcError['code'], message: string) => ({ ok: false as const, error: { code, message } });

/** The cashier's order commands: validated against the committed order, then appended as events. */
export class OrderService {
  private readonly byId: ReadonlyMap<string, CatalogItem>;
  private readonly byBarcode: ReadonlyMap<string, CatalogItem>;

  constructor(
    private readonly store: EventStore,
    readonly catalog: readonly CatalogItem[],
    private readonly currency: string,
    private readonly actor: Actor,
  ) {
    this.byId = new Map(catalog.map((item) => [item.id, item]));
    this.byBarcode = new Map(catalog.flatMap((item) => (item.barcode ? [[item.barcode, item] as const] : [])));
  }

  open(orderType: OrderType): ServiceResult<OrderView> {
    return this.write(this.store.newId(), () => ({ ok: true, events: [this.opening(orderType)] }));
  }

  /** Adds to `target.orderId`, or opens a new order with this first line when there is none. */
  addLine(target: OrderTarget, itemId: string, quantity: number): ServiceResult<OrderView> {
    const item = this.byId.get(itemId);
    if (!item) return fail('not_found', `No catalog item "${itemId}"`);
    return this.addItem(target, item, quantity);
  }

  addBarcode(target: OrderTarget, barcode: string): ServiceResult<OrderView> {
    const check = checkBarcode(barcode);
    if (!check.ok) return fail('invalid_barcode', check.message);
    const item = this.byBarcode.get(check.gtin);
    if (!item) return fail('unknown_barcode', `No item has barcode ${check.gtin}`);
    return this.addItem(target, item, 1);
  }

  payCash(orderId: string, tenderedMinor: number): ServiceResult<{ order: OrderView; changeMinor: number }> {
    let changeMinor = 0;
    const result = this.write(orderId, (view) => {
      const state = requireOpen(view, orderId);
      if (!state.ok) return state;
      const order = state.view;
      if (order.lines.length === 0) return fail('invalid_state', 'Add at least one item before taking payment');
      const dueMinor = order.totalMinor - order.paidMinor;
      if (tenderedMinor < dueMinor) {
        return fail(
          'insufficient_tender',
          `Cash tendered ${formatMoney(tenderedMinor, order.currency)} is less than the ${formatMoney(dueMinor, order.currency)} due`,
        );
      }
      changeMinor = tenderedMinor - dueMinor;
      return {
        ok: true,
        events: [
          {
            type: 'PaymentCaptured',
            v: 1,
            payload: { paymentId: this.store.newId(), method: 'cash', amountMinor: dueMinor, tenderedMinor, changeMinor },
          },
        ],
      };
    });
    return result.ok ? { ok: true, value: { order: result.value, changeMinor } } : result;
  }

  private addItem(target: OrderTarget, item: CatalogItem, quantity: number): ServiceResult<OrderView> {
    if (item.currency !== this.currency) {
      return fail('invalid_state', `${item.name} is priced in ${item.currency}; this station sells in ${this.currency}`);
    }
    const line: NewEvent = {
      type: 'LineAdded',
      v: 1,
      payload: {
        lineId: this.store.newId(),
        itemId: item.id,
        name: item.name,
        quantity,
        unitPriceMinor: item.priceMinor,
        ...(item.kitchenStation ? { kitchenStation: item.kitchenStation } : {}),
      },
    };
    const { orderId } = target;
    if (orderId === undefined) {
      return this.write(this.store.newId(), () => ({ ok: true, events: [this.opening(target.orderType), line] }));
    }
    return this.write(orderId, (view) => {
      const state = requireOpen(view, orderId);
      return state.ok ? { ok: true, events: [line] } : state;
    });
  }

  /** Called inside the write transaction, so a rolled-back order does not burn a ticket number. */
  private opening(orderType: OrderType): NewEvent {
    return {
      type: 'OrderOpened',
      v: 1,
      payload: { channel: 'counter', orderType, currency: this.currency, ticketNumber: this.nextTicketNumber() },
    };
  }

  private write(orderId: string, decide: (view: OrderView | undefined) => Decision): ServiceResult<OrderView> {
    const result = this.store.write(orderId, this.actor, decide);
    return result.ok ? { ok: true, value: result.view } : result;
  }

  private nextTicketNumber(): number {
    const last = Number(this.store.getSetting('ticket_counter') ?? '0');
    const next = (last % 9999) + 1;
    this.store.setSetting('ticket_counter', String(next));
    return next;
  }
}

function requireOpen(view: OrderView | undefined, orderId: string): { ok: true; view: OrderView } | { ok: false; error: IpcError } {
  if (!view) return fail('not_found', `No order ${orderId}`);
  if (view.status !== 'open') return fail('invalid_state', `Order #${view.ticketNumber} is already ${view.status}`);
  return { ok: true, view };
}
