import Database from 'better-sqlite3';
import type { Station } from '../electron/core/station.js';
import type { PaymentAttemptView } from '../shared/ipc/commands/payments.js';
import type { CashierWindow } from './support/pages/index.js';
import { expect, test } from './support/station-fixture.js';

/**
 * Scenario 2: card payments through the SIMULATED terminal. A decline, then an approval; an answer
 * lost after the terminal charged is resolved by query without a second charge; a window reloaded
 * mid-payment picks the attempt up. Card sales print the receipt and never open the drawer.
 */

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-card-',
    stationId: 'station-card',
    devices: 'serial',
    storeName: 'E2E Café',
    store: { address: ['1 Rue du Port', '13002 Marseille'], taxId: 'FR40123456789' },
  },
});

/** The simulated terminal's own ledger: what it actually charged, whatever the station recorded. */
function terminalCharges(station: Station): { status: string; amountMinor: number }[] {
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT entry FROM simulated_terminal_ledger WHERE kind = 'charge'").all() as { entry: string }[];
    return rows.map((r) => JSON.parse(r.entry) as { status: string; amountMinor: number }).filter((e) => e.status === 'captured');
  } finally {
    db.close();
  }
}

function drawerOpenings(station: Station, orderId: string): number {
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM drawer_kicks WHERE order_id = ?').get(orderId) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function attemptsOf(station: Station, orderId: string): Promise<PaymentAttemptView[]> {
  const found = await station.dispatch('cashier', 'payment.attempts', { orderId }, 'e2e-attempts');
  if (!found.ok) throw new Error(found.error.message);
  return (found.value as { attempts: PaymentAttemptView[] }).attempts;
}

async function ringUpEspresso(station: Station, cashier: CashierWindow): Promise<string> {
  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(1);
  const order = station.store.listActive().find((o) => o.status === 'open');
  expect(order).toBeDefined();
  // "Charge" opens the tender view: card, cash and the simulated terminal's controls.
  await cashier.openTender();
  return order!.id;
}

test('a declined card, then an approval: one capture, the receipt prints, the drawer stays shut', async ({ pos, station, serial }) => {
  const cashier = await pos.openCashier();
  const orderId = await ringUpEspresso(station, cashier);
  await expect(cashier.simulatedTerminal).toContainText('no real card');

  await cashier.simulatedNextCardPayment.selectOption('decline');
  await cashier.payByCard('€2.50').click();
  await expect(cashier.cardProgress).toContainText('Card declined: Card declined (simulated)');
  expect(station.store.getOrder(orderId)!.status).toBe('open');

  // The next attempt (a new idempotency key) is approved: the simulated terminal is back to its default.
  await cashier.retryCard.click();
  await expect(cashier.status).toContainText('Paid');

  const order = station.store.getOrder(orderId)!;
  expect(order.status).toBe('paid');
  expect(order.payments.filter((p) => p.status === 'captured')).toEqual([expect.objectContaining({ method: 'card', amountMinor: 250 })]);
  expect((await attemptsOf(station, orderId)).map((a) => a.state)).toEqual(['declined', 'approved']);
  expect(terminalCharges(station)).toEqual([expect.objectContaining({ amountMinor: 250 })]);

  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  expect(serial.printed[0]!.lines.join('\n')).toMatch(/TOTAL\s+2\.50/);
  // A drawer opening is recorded before the pulse is sent, and a sale's opening before the window
  // hears it is paid: no row now means none is coming.
  expect(drawerOpenings(station, orderId)).toBe(0);
  expect(serial.drawerKicks).toBe(0);
});

test('a tip by card: the receipt, decoded from the printer bytes, has the tip, the card and the VAT line by line; a copy says COPY', async ({
  pos,
  station,
  serial,
  page,
}) => {
  const cashier = await pos.openCashier({ page });
  await ringUpEspresso(station, cashier);
  await cashier.cardTip.fill('0.50');
  await cashier.payByCard('€3.00').click();
  await expect(cashier.status).toContainText('Paid');

  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  const lines = serial.printed[0]!.lines.map((l) => l.trimEnd());
  const row = (left: string, right: string) => left + ' '.repeat(42 - left.length - right.length) + right;
  expect(lines.slice(0, 5).map((l) => l.trim())).toEqual([
    'E2E Café',
    '1 Rue du Port',
    '13002 Marseille',
    'Tax ID FR40123456789',
    'Station station-card',
  ]);
  const item = lines.indexOf(row('1 x Espresso', '2.50'));
  expect(item).toBeGreaterThan(0);
  expect(lines.slice(item, item + 12)).toEqual([
    row('1 x Espresso', '2.50'),
    '-'.repeat(42),
    row('TOTAL', '2.50 €'),
    row('Tip', '0.50'),
    row('TOTAL PAID', '3.00 €'),
    row('Card', '3.00'),
    '  VISA **** 4242',
    expect.stringMatching(/^ {2}Auth code \d+$/),
    '-'.repeat(42),
    'VAT' + ' '.repeat(9) + '       Net       Tax     Gross',
    // The demo catalog's espresso: 20 % VAT inside its 2.50.
    '20%' + ' '.repeat(9) + '      2.08      0.42      2.50',
    '',
  ]);

  // "Print receipt again" is a COPY of the order as it stands.
  await cashier.page.getByRole('button', { name: 'Print receipt again' }).first().click();
  await expect.poll(() => serial.printed.length, { message: 'copy printed' }).toBe(2);
  expect(serial.printed[1]!.lines[0]!.trim()).toBe('*** COPY ***');
  expect(serial.printed[1]!.lines.map((l) => l.trimEnd())).toContain(row('Tip', '0.50'));
});

test('an answer lost after the terminal charged is resolved by query: paid once, never charged twice', async ({ pos, station, serial }) => {
  const cashier = await pos.openCashier();
  const orderId = await ringUpEspresso(station, cashier);

  // First the request never reaches the terminal: nothing is charged, and the cashier is told so.
  await cashier.simulatedNextCardPayment.selectOption('timeout_before_reaching');
  await cashier.payByCard('€2.50').click();
  await expect(cashier.cardProgress).toContainText(/nothing was charged/i);
  expect(terminalCharges(station)).toEqual([]);

  // Then the terminal charges but its answer is lost: the saga asks the terminal by idempotency key.
  await cashier.simulatedNextCardPayment.selectOption('timeout_after_approving');
  await cashier.retryCard.click();
  await expect(cashier.status).toContainText('Paid');

  const order = station.store.getOrder(orderId)!;
  expect(order.payments.filter((p) => p.status === 'captured')).toHaveLength(1);
  expect(order.paidMinor).toBe(250);
  const attempts = await attemptsOf(station, orderId);
  expect(attempts.map((a) => a.state)).toEqual(['failed', 'approved']);
  expect(terminalCharges(station)).toHaveLength(1);
  await expect.poll(() => serial.printed.length, { message: 'receipt printed' }).toBe(1);
  expect(drawerOpenings(station, orderId)).toBe(0);
});

test('a window reloaded while the customer is still tapping picks the attempt up and sees it approved', async ({ pos, station }) => {
  const cashier = await pos.openCashier();
  const orderId = await ringUpEspresso(station, cashier);
  await cashier.simulatedNextCardPayment.selectOption('slow_approve');
  await cashier.payByCard('€2.50').click();
  await expect(cashier.cardProgress).toContainText('Waiting for card');

  await cashier.page.reload();
  // The cart puts the order back on screen; the tender finds its attempt in flight instead of offering to pay again.
  await expect(cashier.cardProgress).toContainText('Waiting for card');
  await expect(cashier.anyPayByCard).toHaveCount(0);
  await expect(cashier.status).toContainText('Paid', { timeout: 15_000 });
  expect((await attemptsOf(station, orderId)).map((a) => a.state)).toEqual(['approved']);
  expect(terminalCharges(station)).toHaveLength(1);
});

test('a paid card order is refunded in part from the open orders list; a lost refund answer is resolved once; the REFUND slip prints', async ({
  pos,
  station,
  serial,
}) => {
  const cashier = await pos.openCashier();
  const orderId = await ringUpEspresso(station, cashier);
  await cashier.payByCard('€2.50').click();
  await expect(cashier.status).toContainText('Paid');
  const ticketNumber = station.store.getOrder(orderId)!.ticketNumber;

  await cashier.openOrdersButton.click();
  await cashier.refundOrderButton(ticketNumber).click();
  const dialog = cashier.refundDialog(ticketNumber);
  await expect(dialog.tender(/Card — €2\.50 refundable/)).toBeChecked();
  // The terminal refunds but its answer is lost: the saga asks it by the refund's key, never refunds again.
  await dialog.simulatedNextRefund.selectOption('timeout_after_approving');
  await dialog.amount.fill('1.00');
  await dialog.refundToCard.click();
  await expect(dialog.reasonError).toHaveText('Pick a reason for the refund');
  await dialog.giveReason('Cold coffee');
  await dialog.refundToCard.click();
  await expect(dialog.result).toHaveText('Refunded €1.00 to the card');

  const order = station.store.getOrder(orderId)!;
  expect(order).toMatchObject({ status: 'paid', refundedMinor: 100 });
  // The sale's receipt, then the refund slip, decoded from the printer's bytes.
  await expect.poll(() => serial.printed.length, { message: 'refund slip printed' }).toBe(2);
  const slip = serial.printed[1]!.lines.map((l) => l.trimEnd());
  const row = (left: string, right: string) => left + ' '.repeat(42 - left.length - right.length) + right;
  expect(slip.map((l) => l.trim())).toContain('REFUND');
  const total = slip.indexOf(row('REFUND TOTAL', '-1.00 €'));
  expect(slip.slice(total - 2, total + 10)).toEqual([
    row(`1 x Part of order #${ticketNumber}`, '-1.00'),
    '-'.repeat(42),
    row('REFUND TOTAL', '-1.00 €'),
    row('Card', '-1.00'),
    '  VISA **** 4242',
    '  Cold coffee',
    '-'.repeat(42),
    'VAT'.padEnd(12) + ['Net', 'Tax', 'Gross'].map((c) => c.padStart(10)).join(''),
    '20%'.padEnd(12) + ['-0.83', '-0.17', '-1.00'].map((c) => c.padStart(10)).join(''),
    '',
    expect.stringMatching(/Order total 2\.50$/),
    expect.stringMatching(/Refunded so far 1\.00$/),
  ]);
  expect(station.store.orderEvents(orderId).filter((e) => e.type === 'PaymentRefunded')).toHaveLength(1);
  const db = new Database(station.databasePath, { readonly: true, fileMustExist: true });
  try {
    const refunds = db.prepare("SELECT entry FROM simulated_terminal_ledger WHERE kind = 'refund'").all() as { entry: string }[];
    expect(refunds.map((r) => JSON.parse(r.entry) as { status: string; amountMinor: number })).toEqual([
      expect.objectContaining({ status: 'refunded', amountMinor: 100 }),
    ]);
  } finally {
    db.close();
  }
});
