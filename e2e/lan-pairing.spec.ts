import { expect, test } from './support/station-fixture.js';
import { KitchenDisplay } from './support/pages/kitchen.js';

test.use({ stationSetup: { dirPrefix: 'pos-e2e-pairing-' } });

test('a kitchen tablet pairs with a code from diagnostics over https, keeps its token out of the URL, and is disconnected when revoked', async ({
  pos,
  station,
  page,
  browser,
}) => {
  await pos.openDiagnostics({ page, viewport: { width: 1400, height: 1000 } });
  const lan = page.getByRole('region', { name: 'LAN windows' });
  await expect(lan.getByLabel('Certificate fingerprint')).toContainText(station.tlsFingerprint);
  await lan.getByRole('button', { name: 'Pair a device' }).click();
  const code = (await lan.getByLabel('Pairing code').locator('strong').textContent()) ?? '';
  expect(code).toMatch(/^\d{6}$/);

  // The tablet opens the station over TLS (self-signed: checked against the fingerprint above) with no token at all.
  const tabletContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const tablet = await tabletContext.newPage();
  await tablet.goto(`https://127.0.0.1:${new URL(station.url).port}/kitchen`);
  await expect(tablet.getByRole('heading', { name: 'Pair this kitchen screen' })).toBeVisible();
  await tablet.getByLabel('Pairing code').fill(code);
  await tablet.getByLabel('Device name').fill('Grill tablet');
  await tablet.getByRole('button', { name: 'Pair' }).click();
  const kitchen = new KitchenDisplay(tablet);
  await expect(kitchen.noTickets).toBeVisible();
  expect(tablet.url()).not.toContain('token');
  expect(await tablet.evaluate(() => localStorage.getItem('pos.station.device.kitchen'))).toMatch(/.{16,}/);

  // Listed at the counter, connected; revoking it disconnects the tablet, which asks for a new code.
  const device = lan.getByRole('listitem', { name: 'Grill tablet' });
  await expect(device).toContainText('connected', { timeout: 10_000 });
  page.once('dialog', (dialog) => void dialog.accept());
  await device.getByRole('button', { name: 'Revoke' }).click();
  await expect(tablet.getByRole('heading', { name: 'Pair this kitchen screen' })).toBeVisible();
  await expect(tablet.getByRole('status')).toContainText('withdrawn');
  expect(await tablet.evaluate(() => localStorage.getItem('pos.station.device.kitchen'))).toBeNull();
  await expect(device).toHaveCount(0, { timeout: 10_000 });
  await tabletContext.close();
});
