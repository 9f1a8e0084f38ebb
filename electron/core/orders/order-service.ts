import { orderStatusWords } from '../../../shared/status-words.js';
import { checkBarcode } from '../../../shared/barcode.js';
import type { CatalogItem } from '../../../shared/catalog.js';
import type { Actor, CurrentNewEvent, LineMeasure, OrderType } from '../../../shared/events.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import { chooseModifiers, type ModifierSelection } from '../../../shared/modifiers.js';
import { formatMoney } from '../../../shared/money.js';
import { cashTender, NO_CASH_ROUNDING, type CashRounding } from '../../../shared/money/cash-rounding.js';
import { NO_TAX } from '../../../shared/money/tax.js';
import type { OrderView } from '../../../shared/order-view.js';
import { findByPlu, isInStorePrefix, parseInStoreBarcode, priceInStoreItem } from '../../../shared/variable-measure.js';
import type { Decision, EventStore } from '../event-store.js';
import { EditService } from './edit-service.js';
import { ticketsToFire } from './firing.js';
import { KitchenService } from './kitchen-service.js';
import { LifecycleService } from './lifecycle-service.js';
import { fail, NO_SUCH_ORDER, type ServiceResult } from './result.js';
import { OrderWriter } from './writer.js';
import { NO_APPROVAL_NEEDED, type ApprovalGate } from '../staff/approvals.js';

export type { ServiceResult } from './result.js';

/** An existing order, or none: then the command opens one of `orderType`. */
export interface OrderTarget {
  orderId?: string | undefined;
  orderType: OrderType;
}

/** What the cashier chose with an item: modifier options per group and a note for the kitchen. */
export interface LineOptions {
  modifiers?: readonly ModifierSelection[] | undefined;
  note?: string | undefined;
  /** A manager's PIN to sell an item marked sold out (where staff sign in). */
  managerPin?: string | undefined;
}

/**
 * The station's order commands: validated against the committed order, then appended as events.
 * Ringing up and cash live here; the rest of the lifecycle is split by concern into `orders/`.
 */
export class OrderService {
  #catalog: readonly CatalogItem[] = [];
  private byId: ReadonlyMap<string, CatalogItem> = new Map();
  private byBarcode: ReadonlyMap<string, CatalogItem> = new Map();
  private readonly writer: OrderWriter;
  /** ticket.* commands of the kitchen display. */
  readonly kitchen: KitchenService;
  /** Void, change, discounts, note and order type. */
  readonly edits: EditService;
  /** Place, fire, cancel, complete and cash refunds. */
  readonly lifecycle: LifecycleService;

  constructor(
    private readonly store: EventStore,
    catalog: readonly CatalogItem[],
    private readonly currency: string,
    /** Who the events are written as; a function when it is whoever is signed in at the till. */
    actor: Actor | (() => Actor),
    private readonly options: {
      cashRounding?: CashRounding;
      approvals?: ApprovalGate;
      /**
       * The kitchen station a new line of `item` goes to, as this station's routing says now
       * (undefined: handed over at the counter). Without it, the catalog's station. Decided when the
       * line is rung up and recorded on it, so every way of firing (placing, paying cash or card,
       * firing another round) and every station that folds the order sends it to the same place.
       */
      kitchenStationFor?: (item: CatalogItem) => string | undefined;
      /** Marked sold out ("86") or counted down to nothing: a new line of it needs a manager's approval. */
      isSoldOut?: (itemId: string) => boolean;
    } = {},
  ) {
    this.useCatalog(catalog);
    this.writer = new OrderWriter(store, actor);
    const approvals = options.approvals ?? NO_APPROVAL_NEEDED;
    this.kitchen = new KitchenService(this.writer);
    this.edits = new EditService(this.writer, approvals);
    this.lifecycle = new LifecycleService(this.writer, approvals);
  }

  /** The items new lines are rung up from. */
  get catalog(): readonly CatalogItem[] {
    return this.#catalog;
  }

  /**
   * A new menu: new lines are priced from it. Lines already rung up keep what their events recorded
   * (price, tax, modifiers), so an open order is never repriced behind the cashier's back.
   */
  useCatalog(catalog: readonly CatalogItem[]): void {
    this.#catalog = catalog;
    this.byId = new Map(catalog.map((item) => [item.id, item]));
    this.byBarcode = new Map(catalog.flatMap((item) => (item.barcode ? [[item.barcode, item] as const] : [])));
  }

  open(orderType: OrderType): ServiceResult<OrderView> {
    return this.write(this.store.newId(), () => ({ ok: true, events: [this.opening(orderType)] }));
  }

  /** Adds to `target.orderId`, or opens a new order with this first line when there is none. */
  addLine(target: OrderTarget, itemId: string, quantity: number, options: LineOptions = {}): ServiceResult<OrderView> {
    const item = this.byId.get(itemId);
    if (!item) return fail('not_found', `No catalog item "${itemId}"`);
    return this.addItem(target, item, quantity, options);
  }

  addBarcode(target: OrderTarget, barcode: string): ServiceResult<OrderView> {
    const check = checkBarcode(barcode);
    if (!check.ok) return fail('invalid_barcode', check.message);
    const item = this.byBarcode.get(check.gtin);
    if (item) return this.addItem(target, item, 1, {});
    const gtin13 = check.gtin.padStart(13, '0');
    if (!isInStorePrefix(gtin13)) return fail('unknown_barcode', `No item has barcode ${check.gtin}`);
    // A weighed or price-labelled item: the barcode carries the item's plu and its weight or price.
    const inStore = parseInStoreBarcode(check.gtin);
    if (!inStore.ok) return fail('invalid_barcode', inStore.message);
    const weighed = findByPlu(this.catalog, inStore.code.plu);
    const priced = weighed ? priceInStoreItem(weighed, inStore.code) : undefined;
    if (!weighed || !priced) return fail('unknown_barcode', `No weighed or price-labelled item has plu ${inStore.code.plu}`);
    return this.addItem(target, weighed, 1, {}, priced);
  }

  /**
   * Takes cash for everything due and, in the same transaction, fires the kitchen lines not yet on a
   * ticket: the KDS never sees a paid order without its tickets. Tickets follow the capture because
   * the order machine accepts TicketFired only once the order is placed or paid.
   */
  payCash(orderId: string, tenderedMinor: number): ServiceResult<{ order: OrderView; changeMinor: number }> {
    let changeMinor = 0;
    const result = this.write(orderId, (view) => {
      const state = requireOpen(view);
      if (!state.ok) return state;
      const order = state.view;
      if (order.lines.length === 0) return fail('invalid_state', 'Add at least one item before taking payment');
      if (order.dueMinor === 0) return fail('invalid_state', `Order #${order.ticketNumber} has nothing left to pay`);
      const tender = cashTender(order.dueMinor, tenderedMinor, this.options.cashRounding ?? NO_CASH_ROUNDING);
      if (!tender.ok) {
        return fail(
          'insufficient_tender',
          `Cash tendered ${formatMoney(tenderedMinor, order.currency)} is less than the ${formatMoney(tender.collectMinor, order.currency)} due`,
        );
      }
      changeMinor = tender.changeMinor;
      const payment: CurrentNewEvent = {
        type: 'PaymentCaptured',
        v: 2,
        payload: {
          paymentId: this.store.newId(),
          method: 'cash',
          amountMinor: tender.amountMinor,
          tipMinor: 0,
          tenderedMinor,
          changeMinor,
          roundingMinor: tender.roundingMinor,
        },
      };
      // cashTender only succeeds when the tender covers what is due, so this capture settles the order.
      return { ok: true, events: [payment, ...ticketsToFire(order)] };
    });
    return result.ok ? { ok: true, value: { order: result.value, changeMinor } } : result;
  }

  private addItem(
    target: OrderTarget,
    item: CatalogItem,
    quantity: number,
    options: LineOptions,
    priced?: { unitPriceMinor: number; measure?: LineMeasure },
  ): ServiceResult<OrderView> {
    if (item.currency !== this.currency) {
      return fail('invalid_state', `${item.name} is priced in ${item.currency}; this station sells in ${this.currency}`);
    }
    // Checked even without a selection: an item with a required choice cannot be rung up without it.
    const chosen = chooseModifiers(item.modifierGroups, options.modifiers ?? []);
    if (!chosen.ok) return fail('invalid_modifiers', `${item.name}: ${chosen.message} (${chosen.field})`);
    // Sold out is advice the kitchen gave, not a hard stop: a manager can still sell the one found in the back.
    if (this.options.isSoldOut?.(item.id)) {
      const approval = (this.options.approvals ?? NO_APPROVAL_NEEDED).approve(`sell ${item.name}, which is sold out`, options.managerPin);
      if (!approval.ok) return approval;
    }
    const unitPriceMinor = priced?.unitPriceMinor ?? item.priceMinor;
    const kitchenStation = this.options.kitchenStationFor ? this.options.kitchenStationFor(item) : item.kitchenStation;
    if (unitPriceMinor + chosen.modifiers.reduce((sum, m) => sum + m.priceDeltaMinor, 0) < 0) {
      return fail('invalid_modifiers', `${item.name}: the chosen options would make the price negative`);
    }
    const line: CurrentNewEvent = {
      type: 'LineAdded',
      v: 2,
      payload: {
        lineId: this.store.newId(),
        itemId: item.id,
        name: item.name,
        quantity,
        unitPriceMinor,
        ...(kitchenStation ? { kitchenStation } : {}),
        modifiers: chosen.modifiers,
        tax: item.tax ?? NO_TAX,
        ...(options.note !== undefined ? { note: options.note } : {}),
        ...(priced?.measure ? { measure: priced.measure } : {}),
      },
    };
    const { orderId } = target;
    if (orderId === undefined) {
      return this.write(this.store.newId(), () => ({ ok: true, events: [this.opening(target.orderType), line] }));
    }
    return this.write(orderId, (view) => {
      const state = requireOpen(view);
      return state.ok ? { ok: true, events: [line] } : state;
    });
  }

  /** Called inside the write transaction, so a rolled-back order does not burn a ticket number. */
  private opening(orderType: OrderType): CurrentNewEvent {
    return {
      type: 'OrderOpened',
      v: 2,
      payload: { channel: 'counter', orderType, currency: this.currency, ticketNumber: this.nextTicketNumber() },
    };
  }

  private write(orderId: string, decide: (view: OrderView | undefined) => Decision): ServiceResult<OrderView> {
    return this.writer.write(orderId, decide);
  }

  private nextTicketNumber(): number {
    const last = Number(this.store.getSetting('ticket_counter') ?? '0');
    const next = (last % 9999) + 1;
    this.store.setSetting('ticket_counter', String(next));
    return next;
  }
}

/** Lines and payments go to a draft or a placed order (another round); anything later is refused. */
function requireOpen(view: OrderView | undefined): { ok: true; view: OrderView } | { ok: false; error: IpcError } {
  if (!view) return fail('not_found', NO_SUCH_ORDER);
  if (view.status !== 'open' && view.status !== 'placed') {
    return fail('invalid_state', `Order #${view.ticketNumber} is already ${orderStatusWords(view.status)}`);
  }
  return { ok: true, view };
}
