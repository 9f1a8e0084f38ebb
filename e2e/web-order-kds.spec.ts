import { ChannelOrderResponse } from '../shared/sync/channel.js';
import { expect, STORE, test, WEB_KEY } from './support/station-fixture.js';

test.use({
  stationSetup: {
    dirPrefix: 'pos-e2e-web-',
    devices: 'serial-kitchen',
    server: 'web-channel',
    // The backup poll is far slower than the target: only the server's live poke can meet it.
    syncIntervalMs: 60_000,
  },
});

test('a web order posted to the server is on the kitchen display, with a Web badge, within a second', async ({
  pos,
  station,
  server,
  serial,
  page,
}) => {
  const kitchen = await pos.openKitchen({ page });
  await expect(kitchen.noTickets).toBeVisible();
  // The kitchen screen is connected and the station has caught up with the server before the order is posted.
  await expect.poll(() => station.sync?.getStatus().state).toBe('idle');

  const reply = await fetch(`${server.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'web-order-1' },
    body: JSON.stringify({
      orderType: 'takeout',
      customerName: 'Ada',
      note: 'Ring the bell',
      // By reference: the server prices it from the store's menu.
      lines: [{ itemId: 'club-sandwich', quantity: 2 }],
    }),
  });
  expect(reply.status).toBe(201);
  const posted = performance.now();
  const { order } = ChannelOrderResponse.parse(await reply.json());

  const ticket = kitchen.ticket(order.ticketNumber);
  await expect(ticket).toBeVisible({ timeout: 1_000 });
  const visibleAfterMs = performance.now() - posted;
  expect(visibleAfterMs).toBeLessThan(1_000);
  await expect(kitchen.channelBadge(ticket, 'Web')).toBeVisible();
  await expect(ticket).toContainText('2 × Club sandwich');
  await expect(ticket).toContainText('Ada');
  await expect(ticket).toContainText('Ring the bell');
  test.info().annotations.push({ type: 'visible-after-ms', description: visibleAfterMs.toFixed(0) });

  // The station routes the web lines through its catalog (club sandwich → grill) and fires them, so the
  // grill can start the ticket like any counter order; the firing goes back to the server for everyone.
  await kitchen.showStation('Grill');
  const grillTicket = kitchen.ticket(order.ticketNumber);
  await kitchen.startButton(grillTicket, order.ticketNumber).click();
  await expect.poll(() => station.store.getOrder(order.id)?.tickets.map((t) => [t.station, t.status])).toEqual([['grill', 'in_progress']]);
  await expect(grillTicket).toContainText('Cooking');
  await expect.poll(() => station.store.outboxStats().depth, { message: 'the firing and the start reached the server' }).toBe(0);

  // The kitchen printer printed the web order's grill ticket, once, and no receipt (the web shop gives its own).
  await expect.poll(() => serial.printed.length).toBe(1);
  const ticketText = serial.printed[0]!.lines.join('\n');
  expect(ticketText).toMatch(/2\s*x?\s*Club sandwich/i);
  expect(ticketText).toMatch(/web/i);
  await expect.poll(() => station.devices.queue.jobs({ states: ['queued', 'sending', 'sent-unconfirmed'] }).length).toBe(0);
  expect(serial.printed).toHaveLength(1);
});
