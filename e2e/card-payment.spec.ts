import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import type { Station } from '../electron/core/station.js';
import type { PaymentAttemptView } from '../shared/ipc/commands/payments.js';
import type { MockSerialBench } from './support/mock-serial.js';
import { startSerialStation, type SerialStation } from './support/serial-station.js';

/**
 * Scenario 2: card payments through the SIMULATED terminal. A decline, then an approval; an answer
 * lost after the terminal charged is resolved by query without a second charge; a window reloaded
 * mid-payment picks the attempt up. Card sales print the receipt and never open the drawer.
 */

let counter: SerialStation;
let station: Station;
let serial: MockSerialBench;

test.beforeEach(async () => {
  counter = await startSerialStation({ stationId: 'station-card', dirPrefix: 'pos-e2e-card-' });
  ({ station, serial } = counter);
});

test.afterEach(async () => {
  await counter.stop();
});

/** The simulated terminal's own ledger: what it actually charged, whatever the station recorded. */
function terminalCharges(): { status: string; amountMinor: number }[] {
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT entry FROM simulated_terminal_ledger WHERE kind = 'charge'").all() as { entry: string }[];
    return rows.map((r) => JSON.parse(r.entry) as { status: string; amountMinor: number }).filter((e) => e.status === 'captured');
  } finally {
    db.close();
  }
}

function drawerOpenings(orderId: string): number {
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM drawer_kicks WHERE order_id = ?').get(orderId) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function attemptsOf(orderId: string): Promise<PaymentAttemptView[]> {
  const found = await station.dispatch('cashier', 'payment.attempts', { orderId }, 'e2e-attempts');
  if (!found.ok) throw new Error(found.error.message);
  return (found.value as { attempts: PaymentAttemptView[] }).attempts;
}

async function ringUpEspresso(cashier: Page): Promise<string> {
  await cashier.goto(station.windowUrl('cashier'));
  await cashier.getByRole('button', { name: /Espresso/ }).click();
  await expect(cashier.getByRole('list', { name: 'Cart' }).getByRole('listitem')).toHaveCount(1);
  const order = station.store.listActive().find((o) => o.status === 'open');
  expect(order).toBeDefined();
  return order!.id;
}

const payment = (cashier: Page) => cashier.getByRole('region', { name: 'Payment' });
const progress = (cashier: Page) => cashier.getByLabel('Card payment progress');
const nextCardResult = (cashier: Page) => cashier.getByRole('region', { name: 'Simulated terminal' }).getByLabel('Simulated next card payment');

test('a declined card, then an approval: one capture, the receipt prints, the drawer stays shut', async ({ browser }) => {
  const cashier = await browser.newPage();
  const orderId = await ringUpEspresso(cashier);
  await expect(cashier.getByRole('region', { name: 'Simulated terminal' })).toContainText('no real card');

  await nextCardResult(cashier).selectOption('decline');
  await payment(cashier).getByRole('button', { name: 'Pay €2.50 by card' }).click();
  await expect(progress(cashier)).toContainText('Card declined: Card declined (simulated)');
  expect(station.store.getOrder(orderId)!.status).toBe('open');

  // The next attempt (a new idempotency key) is approved: the simulated terminal is back to its default.
  await progress(cashier).getByRole('button', { name: 'Retry card' }).click();
  await expect(cashier.getByRole('status')).toContainText('Paid');

  const order = station.store.getOrder(orderId)!;
  expect(order.status).toBe('paid');
  expect(order.payments.filter((p) => p.status === 'captured')).toEqual([expect.objectContaining({ method: 'card', amountMinor: 250 })]);
  expect((await attemptsOf(orderId)).map((a) => a.state)).toEqual(['declined', 'approved']);
  expect(terminalCharges()).toEqual([expect.objectContaining({ amountMinor: 250 })]);

  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  expect(serial.printed[0]!.lines.join('\n')).toMatch(/TOTAL\s+2\.50/);
  // A drawer opening is recorded before the pulse is sent, and a sale's opening before the window
  // hears it is paid: no row now means none is coming.
  expect(drawerOpenings(orderId)).toBe(0);
  expect(serial.drawerKicks).toBe(0);
});

test('an answer lost after the terminal charged is resolved by query: paid once, never charged twice', async ({ browser }) => {
  const cashier = await browser.newPage();
  const orderId = await ringUpEspresso(cashier);

  // First the request never reaches the terminal: nothing is charged, and the cashier is told so.
  await nextCardResult(cashier).selectOption('timeout_before_reaching');
  await payment(cashier).getByRole('button', { name: 'Pay €2.50 by card' }).click();
  await expect(progress(cashier)).toContainText('Nothing was charged');
  expect(terminalCharges()).toEqual([]);

  // Then the terminal charges but its answer is lost: the saga asks the terminal by idempotency key.
  await nextCardResult(cashier).selectOption('timeout_after_approving');
  await progress(cashier).getByRole('button', { name: 'Retry card' }).click();
  await expect(cashier.getByRole('status')).toContainText('Paid');

  const order = station.store.getOrder(orderId)!;
  expect(order.payments.filter((p) => p.status === 'captured')).toHaveLength(1);
  expect(order.paidMinor).toBe(250);
  const attempts = await attemptsOf(orderId);
  expect(attempts.map((a) => a.state)).toEqual(['failed', 'approved']);
  expect(terminalCharges()).toHaveLength(1);
  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  expect(drawerOpenings(orderId)).toBe(0);
});

test('a window reloaded while the customer is still tapping picks the attempt up and sees it approved', async ({ browser }) => {
  const cashier = await browser.newPage();
  const orderId = await ringUpEspresso(cashier);
  await nextCardResult(cashier).selectOption('slow_approve');
  await payment(cashier).getByRole('button', { name: 'Pay €2.50 by card' }).click();
  await expect(progress(cashier)).toContainText('Waiting for card');

  await cashier.reload();
  // The cart puts the order back on screen; the tender finds its attempt in flight instead of offering to pay again.
  await expect(progress(cashier)).toContainText('Waiting for card');
  await expect(payment(cashier).getByRole('button', { name: /by card/ })).toHaveCount(0);
  await expect(cashier.getByRole('status')).toContainText('Paid', { timeout: 15_000 });
  expect((await attemptsOf(orderId)).map((a) => a.state)).toEqual(['approved']);
  expect(terminalCharges()).toHaveLength(1);
});

test('a paid card order is refunded in part from the open orders list; a lost refund answer is resolved once', async ({ browser }) => {
  const cashier = await browser.newPage();
  const orderId = await ringUpEspresso(cashier);
  await payment(cashier).getByRole('button', { name: 'Pay €2.50 by card' }).click();
  await expect(cashier.getByRole('status')).toContainText('Paid');
  const ticketNumber = station.store.getOrder(orderId)!.ticketNumber;

  await cashier.getByRole('button', { name: /Open orders/ }).click();
  await cashier.getByRole('button', { name: `Refund order ${ticketNumber}` }).click();
  const dialog = cashier.getByRole('dialog', { name: `Refund order #${ticketNumber}` });
  await expect(dialog.getByRole('radio', { name: /Card — €2\.50 refundable/ })).toBeChecked();
  // The terminal refunds but its answer is lost: the saga asks it by the refund's key, never refunds again.
  await dialog.getByLabel('Simulated next card refund').selectOption('timeout_after_approving');
  await dialog.getByLabel('Refund amount').fill('1.00');
  await dialog.getByRole('button', { name: 'Refund to card' }).click();
  await expect(dialog.getByLabel('Refund result')).toContainText('Enter the reason');
  await dialog.getByLabel('Reason').fill('Cold coffee');
  await dialog.getByRole('button', { name: 'Refund to card' }).click();
  await expect(dialog.getByLabel('Refund result')).toHaveText('Refunded €1.00 to the card');

  const order = station.store.getOrder(orderId)!;
  expect(order).toMatchObject({ status: 'paid', refundedMinor: 100 });
  expect(station.store.orderEvents(orderId).filter((e) => e.type === 'PaymentRefunded')).toHaveLength(1);
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    const refunds = db.prepare("SELECT entry FROM simulated_terminal_ledger WHERE kind = 'refund'").all() as { entry: string }[];
    expect(refunds.map((r) => JSON.parse(r.entry) as { status: string; amountMinor: number })).toEqual([expect.objectContaining({ status: 'refunded', amountMinor: 100 })]);
  } finally {
    db.close();
  }
});
