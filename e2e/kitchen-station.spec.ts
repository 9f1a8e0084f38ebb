import { ChannelOrderResponse } from '../shared/sync/channel.js';
import { KitchenDisplay } from './support/pages/index.js';
import { expect, STORE, test, WEB_KEY } from './support/station-fixture.js';

// The kitchen PC: its own station with a kitchen printer, syncing with the store's server; no till.
test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-kitchen-pc-',
    stationId: 'station-kitchen',
    role: 'kitchen',
    devices: 'serial-kitchen',
    server: 'web-channel',
  },
});

test('a kitchen-role station shows an order on its kitchen window, the bump bar starts it, its printer and diagnostics work', async ({
  pos,
  station,
  server,
  serial,
  page,
}) => {
  expect(station.windows).toEqual(['kitchen', 'customer', 'diagnostics']);
  expect(() => station.windowUrl('cashier')).toThrow('serves no cashier window');

  const kitchen = await pos.openKitchen({ page, beforeLoad: (p) => KitchenDisplay.rememberSettings(p, { view: 'station:grill' }) });
  await expect(kitchen.noTickets).toBeVisible();
  await expect.poll(() => station.sync?.getStatus().state).toBe('idle');

  // An order from elsewhere in the store (here the web shop) reaches the kitchen PC through sync.
  const reply = await fetch(`${server.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'kitchen-pc-1' },
    body: JSON.stringify({
      orderType: 'takeout',
      customerName: 'Grace',
      lines: [{ itemId: 'club-sandwich', quantity: 1 }],
    }),
  });
  expect(reply.status).toBe(201);
  const { order } = ChannelOrderResponse.parse(await reply.json());
  const ticket = kitchen.ticket(order.ticketNumber);
  await expect(ticket).toContainText('Club sandwich');

  // The bump bar is a keyboard on the kitchen window: nobody signs in, no shift is open.
  await page.keyboard.press('ArrowRight');
  await expect(ticket).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('s');
  await expect.poll(() => station.store.getOrder(order.id)?.tickets.map((t) => t.status)).toEqual(['in_progress']);
  await expect(ticket).toContainText('Cooking');

  // The kitchen printer printed the ticket.
  await expect.poll(() => serial.printed.length).toBe(1);
  expect(serial.printed[0]!.lines.join('\n')).toMatch(/Club sandwich/i);

  // Diagnostics, on its own token, tests the kitchen printer.
  const diagnostics = await pos.openDiagnostics();
  const printer = diagnostics.device('kitchen');
  await expect(printer).toContainText('printer');
  await printer.getByRole('button', { name: 'Test kitchen' }).click();
  await expect(diagnostics.notice('Test kitchen: done')).toBeVisible();
  await expect.poll(() => serial.printed.length).toBe(2);
});
