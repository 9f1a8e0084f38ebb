import { expect, test } from './support/station-fixture.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-', devices: 'serial', storeName: 'E2E Café', server: 'sync-token', syncIntervalMs: 500 } });

test('a cashier scans, rings up and takes cash; the receipt prints, the kitchen sees the ticket and the server has it', async ({
  pos,
  station,
  serial,
}) => {
  const cashier = await pos.openCashier();
  await expect(cashier.menuItem('Espresso')).toBeVisible();
  const cart = cashier.cart;

  // A misread barcode (bad check digit) and a code no item has are refused with a message and change nothing.
  serial.scan('4006381333932');
  await expect(cashier.alert).toContainText('check digit');
  serial.scan('4006381333948');
  await expect(cashier.alert).toContainText('No item has barcode 4006381333948');
  await expect(cashier.cartLines).toHaveCount(0);
  expect(station.store.listActive()).toEqual([]);
  expect(station.store.outboxStats().depth).toBe(0);

  // A good scan on the serial scanner opens an order and adds the croissant.
  serial.scan('4006381333931');
  await expect(cart).toContainText('Croissant');

  await cashier.menuItem('Espresso').click();
  await expect(cashier.cartLines).toHaveCount(2);
  await expect(cashier.total).toHaveText('€4.70');

  await cashier.payCash('10.00');
  await expect(cashier.status).toContainText('Change €5.30');

  // The receipt went to the serial printer as ESC/POS; decoded, it says what the customer paid.
  await expect.poll(() => serial.printed.length, { message: 'receipt printed and cut' }).toBe(1);
  const text = serial.printed[0]!.lines.join('\n');
  expect(text).toContain('E2E Café');
  expect(text).toMatch(/1 x Croissant\s+2\.20/);
  expect(text).toMatch(/1 x Espresso\s+2\.50/);
  expect(text).toMatch(/TOTAL\s+4\.70/);
  expect(text).toMatch(/Change\s+5\.30/);
  // A cash sale opens the drawer exactly once.
  await expect.poll(() => serial.drawerKicks, { message: 'drawer kicked' }).toBe(1);

  // The kitchen window shows the paid order as a ticket, live.
  const order = station.store.listActive().find((o) => o.status === 'paid');
  expect(order).toBeDefined();
  const kitchen = await pos.openKitchen();
  const ticket = kitchen.ticket(order!.ticketNumber);
  await expect(ticket).not.toContainText('Croissant');
  await expect(ticket).toContainText('Espresso');

  // The events reached the central server: a second, fresh station pulls the same paid order.
  await expect.poll(() => station.store.outboxStats().depth, { message: 'outbox drained to the server' }).toBe(0);
  const fresh = await pos.startOtherStation({ stationId: 'station-fresh', dataDirName: 'fresh', pullsFromServer: true });
  await fresh.sync!.syncNow();
  expect(fresh.store.getOrder(order!.id)).toEqual(order);
});
