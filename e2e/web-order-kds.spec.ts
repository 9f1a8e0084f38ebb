import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation, type Station } from '../electron/core/station.js';
import { startCentralServer, type CentralServer } from '../server/main.js';
import { ChannelOrderResponse } from '../shared/sync/channel.js';
import { MockSerialBench } from './support/mock-serial.js';
import { rendererDir } from './support/renderer-dir.js';

const STORE = 'local';
const STATION_TOKEN = 'e2e-station-token-0123456789abcdef';
const WEB_KEY = 'e2e-web-channel-key-0123456789abcdef';

let dir: string;
let server: CentralServer;
let station: Station;
let serial: MockSerialBench;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-e2e-web-'));
  server = await startCentralServer({
    dataDir: join(dir, 'server'),
    logger: pino({ level: 'silent' }),
    bootstrap: { storeId: STORE, storeWideStationToken: STATION_TOKEN, channels: [{ origin: 'web', channel: 'web', token: WEB_KEY }] },
  });
  serial = new MockSerialBench('/dev/ttyMOCK-SCANNER', '/dev/ttyMOCK-KITCHEN');
  station = await startStation({
    config: parseStationConfig(
      {
        stationId: 'station-counter',
        http: { host: '127.0.0.1', port: 0 },
        server: { url: server.url, token: STATION_TOKEN },
        // The backup poll is far slower than the target: only the server's live poke can meet it.
        sync: { intervalMs: 60_000 },
        devices: {
          printers: [{ id: 'kitchen', transport: { kind: 'serial', path: '/dev/ttyMOCK-KITCHEN', baudRate: 38400 }, profile: 'epson-tm-t88' }],
          routing: { receipt: { printer: 'kitchen' }, kitchenDefault: { printer: 'kitchen' } },
          scanners: [{ id: 'scanner', transport: { kind: 'serial', path: '/dev/ttyMOCK-SCANNER', baudRate: 9600 } }],
        },
      },
      'e2e',
    ),
    dataDir: join(dir, 'station'),
    rendererDir,
    serialBinding: serial.binding,
  });
});

test.afterEach(async () => {
  await station.stop();
  await server.close();
  serial.reset();
  rmSync(dir, { recursive: true, force: true });
});

test('a web order posted to the server is on the kitchen display, with a Web badge, within a second', async ({ page }) => {
  await page.goto(station.windowUrl('kitchen'));
  await expect(page.getByText('No open tickets')).toBeVisible();
  // The kitchen screen is connected and the station has caught up with the server before the order is posted.
  await expect.poll(() => station.sync?.getStatus().state).toBe('idle');

  const reply = await fetch(`${server.url}/v1/stores/${STORE}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEB_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'web-order-1' },
    body: JSON.stringify({
      orderType: 'takeout',
      currency: 'EUR',
      customerName: 'Ada',
      note: 'Ring the bell',
      lines: [{ itemId: 'club-sandwich', name: 'Club sandwich', quantity: 2, unitPriceMinor: 890 }],
    }),
  });
  expect(reply.status).toBe(201);
  const posted = performance.now();
  const { order } = ChannelOrderResponse.parse(await reply.json());

  const ticket = page.getByRole('article', { name: `Ticket ${order.ticketNumber}` });
  await expect(ticket).toBeVisible({ timeout: 1_000 });
  const visibleAfterMs = performance.now() - posted;
  expect(visibleAfterMs).toBeLessThan(1_000);
  await expect(ticket.getByText('Web', { exact: true })).toBeVisible();
  await expect(ticket).toContainText('2 × Club sandwich');
  await expect(ticket).toContainText('Ada');
  await expect(ticket).toContainText('Ring the bell');
  test.info().annotations.push({ type: 'visible-after-ms', description: visibleAfterMs.toFixed(0) });

  // The station routes the web lines through its catalog (club sandwich → grill) and fires them, so the
  // grill can start the ticket like any counter order; the firing goes back to the server for everyone.
  await page.getByRole('group', { name: 'Station' }).getByRole('button', { name: 'Grill', exact: true }).click();
  const grillTicket = page.getByRole('article', { name: `Ticket ${order.ticketNumber}` });
  await grillTicket.getByRole('button', { name: `Start ticket ${order.ticketNumber}` }).click();
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
