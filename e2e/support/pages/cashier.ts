import { expect, type Locator, type Page } from '@playwright/test';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The add-to-order dialog of an item with options (`Burger`, `Latte`). */
export class ItemDialog {
  readonly addToOrder: Locator;
  readonly cancel: Locator;
  readonly note: Locator;
  readonly linePrice: Locator;
  /** Why the line cannot be added yet ("Choose Milk"), beside the Add button. */
  readonly blockedReason: Locator;

  constructor(readonly root: Locator) {
    this.addToOrder = root.getByRole('button', { name: 'Add to order' });
    this.cancel = root.getByRole('button', { name: 'Cancel', exact: true });
    this.note = root.getByLabel('Note for the kitchen');
    this.linePrice = root.getByLabel('Line price');
    this.blockedReason = root.locator('.blocked-reason');
  }

  /** A modifier group ("Milk", "Doneness"): its options and its rule. */
  group(name: string): Locator {
    return this.root.getByRole('group', { name, exact: true });
  }

  /** A single-choice option (a doneness); `exact` where one name starts another ("Medium" and "Medium rare"). */
  choice(name: string, exact = false): Locator {
    return this.root.getByRole('radio', { name, exact });
  }

  /** A multiple-choice option (an extra), by the start of its name: the label carries its price. */
  extra(name: string): Locator {
    return this.root.getByRole('checkbox', { name: new RegExp(escapeRegExp(name)) });
  }
}

/** Voiding a cart line: a reason, and a manager's PIN once the kitchen has the line. */
export class VoidDialog {
  readonly voidLine: Locator;
  readonly managerPin: Locator;
  readonly error: Locator;

  constructor(readonly root: Locator) {
    this.voidLine = root.getByRole('button', { name: 'Void line' });
    this.managerPin = root.getByLabel('Manager PIN');
    this.error = root.locator('.dialog-error');
  }

  reason(name: string): Locator {
    return this.root.getByRole('radio', { name });
  }
}

/** Cancelling (voiding) a whole order: a reason, and a manager's PIN when money was taken. */
export class CancelOrderDialog {
  readonly consequences: Locator;
  readonly managerPin: Locator;
  readonly confirm: Locator;
  readonly keepOrder: Locator;
  readonly error: Locator;

  constructor(readonly root: Locator) {
    this.consequences = root.locator('.cancel-consequences');
    this.managerPin = root.getByLabel('Manager PIN');
    this.confirm = root.getByRole('button', { name: 'Cancel order', exact: true });
    this.keepOrder = root.getByRole('button', { name: 'Keep order' });
    this.error = root.locator('.dialog-error');
  }

  reason(name: string): Locator {
    return this.root.getByRole('radio', { name });
  }
}

/** An order or line discount: percent or amount, and a reason. */
export class DiscountDialog {
  readonly percentOff: Locator;
  readonly amountOff: Locator;
  readonly amountKind: Locator;
  readonly ownReason: Locator;
  readonly apply: Locator;

  constructor(readonly root: Locator) {
    this.percentOff = root.getByLabel('Percent off');
    this.amountOff = root.getByLabel(/Amount off/);
    this.amountKind = root.getByRole('radio', { name: 'Amount' });
    this.ownReason = root.getByLabel('Reason in your words');
    this.apply = root.getByRole('button', { name: 'Apply discount' });
  }

  reason(name: string): Locator {
    return this.root.getByRole('radio', { name });
  }
}

/** The order's table, guest name and note. */
export class OrderDetailsDialog {
  readonly table: Locator;
  readonly customerName: Locator;
  readonly note: Locator;
  readonly save: Locator;

  constructor(readonly root: Locator) {
    this.table = root.getByLabel('Table');
    this.customerName = root.getByLabel('Customer name');
    this.note = root.getByLabel('Order note');
    this.save = root.getByRole('button', { name: 'Save details' });
  }
}

/** A refund of a paid (or cancelled) order: to the card it was paid with, or cash from the drawer. */
export class RefundDialog {
  readonly amount: Locator;
  /** The cashier's own words, once the "Other" reason chip is picked. */
  readonly reason: Locator;
  readonly managerPin: Locator;
  readonly simulatedNextRefund: Locator;
  readonly refundToCard: Locator;
  readonly refundCash: Locator;
  /** The refund button whatever its source; disabled once nothing is left. */
  readonly submit: Locator;
  /** The outcome (and refusals about the refund as a whole), at the top of the dialog. */
  readonly result: Locator;
  /** Problems announced beside their field. */
  readonly amountError: Locator;
  readonly reasonError: Locator;
  readonly nothingLeft: Locator;
  readonly close: Locator;

  constructor(readonly root: Locator) {
    this.amount = root.getByLabel('Refund amount');
    this.reason = root.getByLabel('Reason in your words');
    this.managerPin = root.getByLabel('Manager PIN');
    this.simulatedNextRefund = root.getByLabel('Simulated next card refund');
    this.refundToCard = root.getByRole('button', { name: 'Refund to card' });
    this.refundCash = root.getByRole('button', { name: 'Refund cash' });
    this.submit = root.getByRole('button', { name: /^Refund( to card| cash)?$/ });
    this.result = root.getByLabel('Refund result');
    this.amountError = root.locator('[role="alert"][data-field="amount"]');
    this.reasonError = root.locator('[role="alert"][data-field="reason"]');
    this.nothingLeft = root.getByRole('status').filter({ hasText: 'Nothing left to refund' });
    this.close = root.getByRole('button', { name: 'Close' });
  }

  tender(name: RegExp): Locator {
    return this.root.getByRole('radio', { name });
  }

  /** A reason chip ("Order cancelled", "Other", …). */
  reasonChip(name: string): Locator {
    return this.root.getByRole('group', { name: 'Reason' }).getByRole('radio', { name, exact: true });
  }

  /** The "Other" chip and the cashier's own words. */
  async giveReason(words: string): Promise<void> {
    await this.reasonChip('Other').check();
    await this.reason.fill(words);
  }
}

/**
 * The cashier window: the sign-in PIN pad and the shift, the menu, the cart and its line actions,
 * the tender (cash, card) and refunds. Each locator is defined here once.
 */
export class CashierWindow {
  // Header and status.
  readonly connection: Locator;
  readonly syncStatus: Locator;
  readonly devices: Locator;
  readonly status: Locator;
  readonly alert: Locator;

  // Sign-in and shift.
  readonly pinPrompt: Locator;
  readonly signIn: Locator;
  readonly signOut: Locator;
  readonly staffBar: Locator;
  readonly shiftButton: Locator;
  readonly openingFloat: Locator;
  readonly openShift: Locator;
  readonly shiftDone: Locator;
  readonly closeShift: Locator;
  readonly countedCash: Locator;
  readonly reviewCount: Locator;
  readonly cashCount: Locator;
  readonly confirmCloseShift: Locator;
  /** The warning before a close: orders not paid and kitchen tickets still on a screen. */
  readonly stillOpen: Locator;
  readonly closeAnyway: Locator;
  readonly zReport: Locator;
  readonly reprintZReport: Locator;

  // Menu.
  readonly search: Locator;
  readonly barcode: Locator;

  // Cart and order.
  readonly cart: Locator;
  readonly cartLines: Locator;
  readonly voidedLines: Locator;
  readonly total: Locator;
  readonly beforeDiscounts: Locator;
  readonly newOrderHeading: Locator;
  readonly newOrderButton: Locator;
  readonly orderHeading: Locator;
  readonly discountOrderButton: Locator;
  readonly orderDiscount: DiscountDialog;
  readonly dineIn: Locator;
  readonly detailsButton: Locator;
  readonly details: OrderDetailsDialog;
  readonly sendToKitchen: Locator;
  readonly openOrdersButton: Locator;
  readonly parkOrder: Locator;
  readonly openOrders: Locator;
  readonly cancellations: Locator;
  /** The order on screen's "Cancel order" (order actions). */
  readonly cancelOrderButton: Locator;

  // Tender.
  /** The pinned "Charge €X" under the order: opens the tender view. */
  readonly charge: Locator;
  readonly backToItems: Locator;
  /** The live change (or shortfall) under the cash field. */
  readonly changePreview: Locator;
  readonly quickCash: Locator;
  readonly splitPayment: Locator;
  readonly numberOfParts: Locator;
  readonly split: Locator;
  readonly dontSplit: Locator;
  readonly splitParts: Locator;
  readonly cashTendered: Locator;
  readonly takePayment: Locator;
  readonly completeNothingToPay: Locator;
  readonly payment: Locator;
  readonly cardProgress: Locator;
  readonly retryCard: Locator;
  readonly simulatedTerminal: Locator;
  readonly simulatedNextCardPayment: Locator;
  /** Any pay-by-card button, whatever the amount. */
  readonly anyPayByCard: Locator;

  constructor(readonly page: Page) {
    this.connection = page.locator('.station-header .connection');
    this.syncStatus = page.getByLabel('Sync status');
    this.devices = page.getByRole('list', { name: 'Devices' });
    this.status = page.getByRole('status');
    this.alert = page.getByRole('alert');

    this.pinPrompt = page.getByRole('heading', { name: 'Enter your PIN' });
    this.signIn = page.getByRole('button', { name: 'Sign in' });
    this.signOut = page.getByRole('button', { name: 'Sign out' });
    this.staffBar = page.getByLabel('Signed in');
    this.shiftButton = this.staffBar.getByRole('button', { name: 'Shift' });
    this.openingFloat = page.getByLabel('Opening float');
    this.openShift = page.getByRole('button', { name: 'Open shift' });
    this.shiftDone = page.getByRole('button', { name: 'Done' });
    this.closeShift = page.getByRole('button', { name: 'Close shift' });
    this.countedCash = page.getByLabel('Counted cash');
    this.reviewCount = page.getByRole('button', { name: 'Review count' });
    this.cashCount = page.getByLabel('Cash count');
    this.confirmCloseShift = page.getByRole('button', { name: 'Confirm and close shift' });
    this.stillOpen = page.getByRole('region', { name: 'Still open' });
    this.closeAnyway = page.getByRole('checkbox', { name: 'Close the shift anyway' });
    this.zReport = page.getByRole('region', { name: 'Z report' });
    this.reprintZReport = page.getByRole('button', { name: 'Print Z report again' });

    this.search = page.getByLabel('Search menu');
    this.barcode = page.getByLabel('Barcode');

    this.cart = page.getByRole('list', { name: 'Cart' });
    this.cartLines = this.cart.getByRole('listitem');
    this.voidedLines = page.getByRole('list', { name: 'Voided lines' });
    this.total = page.getByLabel('Total');
    this.beforeDiscounts = page.getByLabel('Before discounts');
    this.newOrderHeading = page.getByRole('heading', { name: 'New order' });
    this.newOrderButton = page.getByRole('button', { name: 'New order' });
    this.orderHeading = page.getByRole('heading', { name: /^Order \d+/ });
    this.discountOrderButton = page.getByRole('button', { name: 'Discount order' });
    this.orderDiscount = new DiscountDialog(page.getByRole('dialog', { name: /Discount order/ }));
    this.dineIn = page.getByRole('radio', { name: 'Dine in' });
    this.detailsButton = page.getByRole('button', { name: 'Table / note' });
    this.details = new OrderDetailsDialog(page.getByRole('dialog', { name: /details/ }));
    this.sendToKitchen = page.getByRole('button', { name: /^Send to kitchen/ });
    this.openOrdersButton = page.getByRole('button', { name: /^Open orders/ });
    this.parkOrder = page.getByRole('button', { name: 'Park order' });
    this.openOrders = page.getByRole('dialog', { name: 'Open orders' });
    this.cancellations = page.getByRole('region', { name: 'Cancellations' });
    this.cancelOrderButton = page.getByRole('group', { name: 'Order actions' }).getByRole('button', { name: 'Cancel order', exact: true });

    this.cashTendered = page.getByLabel('Cash tendered');
    this.takePayment = page.getByRole('button', { name: 'Take payment' });
    this.completeNothingToPay = page.getByRole('button', { name: 'Complete — nothing to pay' });
    this.payment = page.getByRole('region', { name: 'Payment' });
    this.cardProgress = page.getByLabel('Card payment progress');
    this.retryCard = this.cardProgress.getByRole('button', { name: 'Retry card' });
    this.simulatedTerminal = page.getByRole('region', { name: 'Simulated terminal' });
    this.simulatedNextCardPayment = this.simulatedTerminal.getByLabel('Simulated next card payment');
    this.anyPayByCard = this.payment.getByRole('button', { name: /by card/ });
    this.charge = page.getByRole('button', { name: /^Charge / });
    this.backToItems = this.payment.getByRole('button', { name: 'Back to items' });
    this.changePreview = this.payment.getByLabel('Change due');
    this.quickCash = this.payment.getByRole('group', { name: 'Quick cash' });
    this.splitPayment = this.payment.getByRole('button', { name: 'Split payment' });
    this.numberOfParts = this.payment.getByLabel('Number of parts');
    this.split = this.payment.getByRole('button', { name: 'Split', exact: true });
    this.dontSplit = this.payment.getByRole('button', { name: 'Don’t split' });
    this.splitParts = this.payment.getByRole('group', { name: 'Split parts' });
  }

  // Sign-in and shift.

  pinKey(digit: string): Locator {
    return this.page.getByRole('button', { name: digit, exact: true });
  }

  /** Taps the PIN on the pad, then Sign in. */
  async tapPin(pin: string): Promise<void> {
    for (const digit of pin) await this.pinKey(digit).click();
    await this.signIn.click();
  }

  /** Types the PIN on a keyboard till and presses Enter. */
  async typePin(pin: string): Promise<void> {
    // Keys typed before the pad is on screen go nowhere.
    await expect(this.pinPrompt).toBeVisible();
    await this.page.keyboard.type(pin);
    await this.page.keyboard.press('Enter');
  }

  // Menu.

  /**
   * A menu button, by the start of its name: the button says the item and its price ("Espresso €2.50").
   * A pattern is taken as it is (to assert that no button anywhere names the item, say).
   */
  menuItem(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name: typeof name === 'string' ? new RegExp(`^${escapeRegExp(name)}`) : name });
  }

  itemDialog(name: string): ItemDialog {
    return new ItemDialog(this.page.getByRole('dialog', { name }));
  }

  // Cart lines.

  /** A cart line's button ("1 × Espresso"), which selects it. */
  cartLine(text: string): Locator {
    return this.cart.getByRole('button', { name: new RegExp(escapeRegExp(text)) });
  }

  lineActions(itemName: string): Locator {
    return this.page.getByRole('toolbar', { name: `Actions for ${itemName}` });
  }

  /** A button of a selected line's toolbar: `Void`, `Discount`, `One more Espresso`. */
  lineAction(itemName: string, action: string): Locator {
    return this.lineActions(itemName).getByRole('button', { name: action });
  }

  oneMore(itemName: string): Locator {
    return this.lineAction(itemName, `One more ${itemName}`);
  }

  voidDialog(line: string): VoidDialog {
    return new VoidDialog(this.page.getByRole('dialog', { name: `Void ${line}` }));
  }

  lineDiscount(itemName: string): DiscountDialog {
    return new DiscountDialog(this.page.getByRole('dialog', { name: `Discount ${itemName}` }));
  }

  removeDiscount(reason: string): Locator {
    return this.page.getByRole('button', { name: `Remove discount: ${reason}` });
  }

  orderTitle(text: RegExp): Locator {
    return this.page.getByRole('heading', { name: text });
  }

  // Open orders and refunds.

  recallOrderButton(): Locator {
    return this.openOrders.getByRole('button', { name: /^Recall order/ });
  }

  refundOrderButton(ticketNumber: number): Locator {
    return this.page.getByRole('button', { name: `Refund order ${ticketNumber}` });
  }

  refundDialog(ticketNumber: number): RefundDialog {
    return new RefundDialog(this.page.getByRole('dialog', { name: `Refund order #${ticketNumber}` }));
  }

  /** "Cancel" on an order's row in the Open orders list. */
  cancelOrderInList(ticketNumber: number): Locator {
    return this.openOrders.getByRole('button', { name: `Cancel order ${ticketNumber}` });
  }

  cancelDialog(ticketNumber: number): CancelOrderDialog {
    return new CancelOrderDialog(this.page.getByRole('dialog', { name: `Cancel order #${ticketNumber}` }));
  }

  cancellation(ticketNumber: number): Locator {
    return this.cancellations.getByRole('listitem', { name: `Cancelled order ${ticketNumber}` });
  }

  /** The arbiter's outcome of a cancellation, in words. */
  arbiterOutcome(cancellation: Locator): Locator {
    return cancellation.getByRole('list', { name: 'Arbiter outcome' });
  }

  cancellationRefund(cancellation: Locator, name: RegExp): Locator {
    return cancellation.getByRole('button', { name });
  }

  // Tender.

  /** The optional tip of a card payment, typed before paying. */
  get cardTip(): Locator {
    return this.payment.getByLabel('Tip');
  }

  payByCard(amount: string): Locator {
    return this.payment.getByRole('button', { name: `Pay ${amount} by card` });
  }

  /** A quick-cash button (`Exact €2.50`, `€5.00`): one tap pays. */
  quickCashButton(label: string): Locator {
    return this.quickCash.getByRole('button', { name: label, exact: true });
  }

  /** A split part's radio, by its position (1-based). */
  splitPart(index: number): Locator {
    return this.splitParts.getByRole('radio', { name: new RegExp(`^Part ${index}:`) });
  }

  /** Opens the tender view with "Charge" unless it is already open (a payment under way opens it by itself). */
  async openTender(): Promise<void> {
    await this.charge.or(this.payment).first().waitFor();
    if (await this.charge.isVisible()) await this.charge.click();
    await this.payment.waitFor();
  }

  /** Opens the tender view, types the cash handed over and takes the payment. */
  async payCash(tendered: string): Promise<void> {
    await this.openTender();
    await this.cashTendered.fill(tendered);
    await this.takePayment.click();
  }
}
