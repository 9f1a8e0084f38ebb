import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MenuDocument } from '../shared/menu/menu.js';
import { OVERSOLD_RULE } from '../shared/menu/availability.js';
import { StaffDocument } from '../shared/menu/staff.js';
import { ChannelOrderResponse } from '../shared/sync/channel.js';
import { AvailabilityResponse, ItemAvailabilityView, MenuAvailabilityChanged, PublicMenu, StaffView } from '../shared/sync/menu-api.js';
import { ErrorResponse } from '../shared/sync/protocol.js';
import { StoreDataPage, StoreDocumentPut } from '../shared/store-data.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { TEST_MENU } from './testing/menu.js';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver.js';

const silent = pino({ level: 'silent' });
const backends = testBackends();
afterAll(() => backends.dispose());

const error = (body: unknown) => ErrorResponse.parse(body).error;

describe.each(BACKENDS)('menu (%s)', (backend) => {
  let server: CentralServer;
  let web: string;
  let mobile: string;
  let station: string;
  const admin = (path: string, json?: unknown, method?: 'PUT') =>
    http(`${server.url}/v1/admin/stores/shop${path}`, {
      token: ADMIN_TOKEN,
      ...(json === undefined ? {} : { json }),
      ...(method ? { method } : {}),
    });
  let keys = 0;
  const order = (token: string, lines: unknown[]) =>
    http(`${server.url}/v1/stores/shop/orders`, {
      token,
      json: { orderType: 'takeout', lines },
      headers: { 'idempotency-key': `k-${(keys += 1)}` },
    });

  beforeAll(async () => {
    server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
      workers: false,
    });
    web = (await channelKey(server.url, 'shop', 'web')).token;
    mobile = (await channelKey(server.url, 'shop', 'mobile')).token;
    station = await stationToken(server.url, 'shop', 'station-1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('validates a publish whole, naming every problem by its path', async () => {
    const bad = structuredClone(TEST_MENU) as { items: { modifierGroups?: unknown[]; barcode?: string; category: string }[] };
    bad.items[2]!.modifierGroups = [{ group: 'doneness', min: 2, max: 1 }, { group: 'nope' }];
    bad.items[3]!.barcode = '4006381333931';
    bad.items[0]!.category = 'drinks';
    const reply = await admin('/menu', { baseVersion: 1, publishedBy: 'Morgan', menu: bad });
    expect(reply.status).toBe(422);
    const problems = error(reply.body).problems?.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'items[0].category: unknown category "drinks"',
        'items[2].modifierGroups[0].max: min 2 exceeds max 1',
        'items[2].modifierGroups[1].group: unknown modifier group "nope"',
        "items[3].barcode: barcode 4006381333931 is also items[1]'s",
      ]),
    );
  });

  it('publishes versions over the version read, refuses a stale one, and replicates the current one as store data', async () => {
    const current = MenuDocument.parse((await admin('/menu')).body);
    expect(current).toMatchObject({ version: 1, publishedBy: 'test' });
    const cheaper = structuredClone(TEST_MENU) as { items: { priceMinor: number }[] };
    cheaper.items[0]!.priceMinor = 240;
    const published = await admin('/menu', { baseVersion: 1, publishedBy: 'Morgan', menu: cheaper });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(MenuDocument.parse(published.body)).toMatchObject({ version: 2, publishedBy: 'Morgan' });
    const stale = await admin('/menu', { baseVersion: 1, publishedBy: 'Alex', menu: TEST_MENU });
    expect(stale.status).toBe(409);
    expect(error(stale.body).code).toBe('stale_menu_version');
    expect(MenuDocument.parse((await admin('/menu/versions/1')).body).menu.items[0]!.priceMinor).toBe(250);

    const page = StoreDataPage.parse((await http(`${server.url}/v1/stores/shop/data?after=0`, { token: station })).body);
    const menu = page.documents.find((d) => d.kind === 'menu');
    expect(menu).toMatchObject({ version: 2, author: 'server' });
    expect(MenuDocument.parse(menu!.body).menu.items[0]!.priceMinor).toBe(240);
    // Stations cannot publish around the version check.
    const pushed = await http(`${server.url}/v1/stores/shop/data/menu`, {
      method: 'PUT',
      token: station,
      json: { ...menu, author: 'station-1' },
    });
    expect(pushed.status).toBe(403);
    expect(error(pushed.body).code).toBe('server_only_kind');

    const orderReply = await order(web, [{ itemId: 'espresso', quantity: 1 }]);
    expect(ChannelOrderResponse.parse(orderReply.body).order.lines[0]!.unitPriceMinor).toBe(240);
  });

  it('prices channel lines from the menu: modifiers, tax, station, the channel price list', async () => {
    const reply = await order(web, [{ itemId: 'burger', quantity: 2, modifiers: ['bacon', 'well-done'], note: 'no onion' }]);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const line = ChannelOrderResponse.parse(reply.body).order.lines[0]!;
    expect(line).toMatchObject({
      name: 'Burger',
      unitPriceMinor: 1190,
      kitchenStation: 'grill',
      tax: { ratePpm: 100_000, included: true },
      note: 'no onion',
    });
    expect(line.modifiers.map((m) => [m.groupId, m.optionId, m.priceDeltaMinor])).toEqual([
      ['doneness', 'well-done', 0],
      ['extras', 'bacon', 150],
    ]);
    expect(line.totalMinor).toBe(2 * (1190 + 150));
    const onMobile = ChannelOrderResponse.parse((await order(mobile, [{ itemId: 'burger', quantity: 1, modifiers: ['medium'] }])).body);
    expect(onMobile.order.lines[0]!.unitPriceMinor).toBe(1290);
    const hidden = await order(mobile, [{ itemId: 'club-sandwich', quantity: 1 }]);
    expect(hidden.status).toBe(409);
    expect(error(hidden.body)).toMatchObject({ code: 'unknown_item', itemId: 'club-sandwich', field: 'lines[0].itemId' });
  });

  it.each([
    [[{ itemId: 'burger', quantity: 1 }], 'lines[0].modifiers', 'Doneness ("doneness"): choose at least 1'],
    [
      [
        { itemId: 'espresso', quantity: 1 },
        { itemId: 'burger', quantity: 1, modifiers: ['medium', 'cheese', 'bacon', 'egg'] },
      ],
      'lines[1].modifiers',
      'choose at most 2',
    ],
    [[{ itemId: 'burger', quantity: 1, modifiers: ['medium', 'oat'] }], 'lines[0].modifiers[1]', 'has no option "oat"'],
  ])('answers 422 naming the field when a modifier choice breaks its group (%#)', async (lines, field, message) => {
    const reply = await order(web, lines);
    expect(reply.status).toBe(422);
    expect(error(reply.body)).toMatchObject({ code: 'invalid_modifiers', field });
    expect(error(reply.body).message).toContain(message);
  });

  it('86: a sold-out item is refused with 409 and shown on the ETag-cached menu, without a new menu version', async () => {
    const menuUrl = `${server.url}/v1/stores/shop/menu`;
    const first = await http(menuUrl, { token: web });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(PublicMenu.parse(first.body).items.find((i) => i.id === 'club-sandwich')).toMatchObject({ available: true, left: null });
    expect((await http(menuUrl, { token: web, headers: { 'if-none-match': etag } })).status).toBe(304);

    const set = await admin('/menu/availability/club-sandwich', { soldOut: true, setBy: 'kitchen' }, 'PUT');
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const refused = await order(web, [{ itemId: 'club-sandwich', quantity: 1 }]);
    expect(refused.status).toBe(409);
    expect(error(refused.body)).toMatchObject({ code: 'sold_out', itemId: 'club-sandwich' });
    const after = await http(menuUrl, { token: web, headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(PublicMenu.parse(after.body).items.find((i) => i.id === 'club-sandwich')).toMatchObject({ available: false });
    expect(MenuDocument.parse((await admin('/menu')).body).version).toBe(2);
    const page = StoreDataPage.parse((await http(`${server.url}/v1/stores/shop/data?after=0`, { token: station })).body);
    expect(page.documents.find((d) => d.kind === 'menu-availability')?.body).toMatchObject({
      items: { 'club-sandwich': { soldOut: true } },
    });

    await admin('/menu/availability/club-sandwich', { soldOut: false }, 'PUT');
    expect((await order(web, [{ itemId: 'club-sandwich', quantity: 1 }])).status).toBe(201);
  });

  it('counts down as sales are projected; the last unit sold twice stands twice and is flagged by the named rule', async () => {
    const set = ItemAvailabilityView.parse((await admin('/menu/availability/espresso', { count: 3 }, 'PUT')).body);
    expect(set).toMatchObject({ left: 3, soldOut: false });
    expect((await order(web, [{ itemId: 'espresso', quantity: 2 }])).status).toBe(201);
    await server.projectNow();
    const counted = AvailabilityResponse.parse((await admin('/menu/availability')).body).items.find((item) => item.itemId === 'espresso');
    expect(counted).toMatchObject({ count: 3, left: 1, soldOut: false, oversold: [] });
    const tooMany = await order(web, [{ itemId: 'espresso', quantity: 2 }]);
    expect(tooMany.status).toBe(409);
    expect(error(tooMany.body)).toMatchObject({ code: 'not_enough_left', field: 'lines[0].quantity' });
    // Two sellers that have not seen each other's sale (here: before projection) both sell the last unit.
    const a = ChannelOrderResponse.parse((await order(web, [{ itemId: 'espresso', quantity: 1 }])).body).order;
    const b = ChannelOrderResponse.parse((await order(mobile, [{ itemId: 'espresso', quantity: 1 }])).body).order;
    await server.projectNow();
    const view = AvailabilityResponse.parse((await admin('/menu/availability')).body).items.find((i) => i.itemId === 'espresso')!;
    expect(view).toMatchObject({ soldOut: true, left: 0, rule: OVERSOLD_RULE.name });
    expect(view.oversold).toEqual([{ orderId: b.id, lineId: b.lines[0]!.lineId, units: 1 }]);
    expect(a.id).not.toBe(b.id);
    expect((await order(web, [{ itemId: 'espresso', quantity: 1 }])).status).toBe(409);
  });

  it("merges a station's availability document with the server's entry by entry, so neither 86 is lost", async () => {
    await admin('/menu/availability/burger', { soldOut: true, setBy: 'back office' }, 'PUT');
    // The kitchen screen, which has not seen that yet, marks the club sandwich sold out.
    const hlc = `${String(Date.now()).padStart(15, '0')}-00000`;
    const pushed = await http(`${server.url}/v1/stores/shop/data/menu-availability`, {
      method: 'PUT',
      token: station,
      json: {
        kind: 'menu-availability',
        version: 1,
        hlc,
        author: 'station-1',
        body: { items: { 'club-sandwich': { soldOut: true, at: hlc, by: 'station-1' } } },
      },
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    const answer = StoreDocumentPut.parse(pushed.body);
    expect(answer.won).toBe(true);
    expect(answer.current.author).toBe('server');
    expect(Object.keys((answer.current.body as { items: object }).items)).toEqual(expect.arrayContaining(['burger', 'club-sandwich']));
    for (const itemId of ['burger', 'club-sandwich']) {
      const refused = await order(web, [{ itemId, quantity: 1, modifiers: itemId === 'burger' ? ['medium'] : [] }]);
      expect(error(refused.body)).toMatchObject({ code: 'sold_out', itemId });
    }
  });

  it('keeps staff PINs as hashes set on the server, never returned', async () => {
    const set = await admin('/staff', { members: [{ id: 'alex', name: 'Alex', role: 'cashier', pin: '1111' }] }, 'PUT');
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain('scrypt');
    expect(StaffView.parse(set.body).members).toEqual([{ id: 'alex', name: 'Alex', role: 'cashier' }]);
    const missing = await admin('/staff', { members: [{ id: 'sam', name: 'Sam', role: 'cashier' }] }, 'PUT');
    expect(missing.status).toBe(422);
    expect(error(missing.body).field).toBe('members[0].pin');
    const renamed = await admin('/staff', { members: [{ id: 'alex', name: 'Alex B', role: 'manager' }] }, 'PUT');
    expect(renamed.status).toBe(200);
    const page = StoreDataPage.parse((await http(`${server.url}/v1/stores/shop/data?after=0`, { token: station })).body);
    const staff = StaffDocument.parse(page.documents.find((d) => d.kind === 'staff')!.body);
    expect(staff.members[0]).toMatchObject({ id: 'alex', name: 'Alex B', role: 'manager' });
    expect(staff.members[0]!.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
  });
});

describe.each(BACKENDS)('menu.availability_changed webhook (%s)', (backend) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('tells every endpoint of the store when an item is marked sold out', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
      webhooks: { allowNetworks: ['127.0.0.0/8'], baseDelayMs: 20, maxDelayMs: 100, pollMs: 50, maxAttempts: 3 },
    });
    try {
      const { token } = await channelKey(server.url, 'hooked', 'web');
      expect((await http(`${server.url}/v1/stores/hooked/webhooks`, { token, json: { url: receiver.url } })).status).toBe(201);
      receiver.received.length = 0;
      receiver.respondWith(204);
      const set = await http(`${server.url}/v1/admin/stores/hooked/menu/availability/burger`, {
        method: 'PUT',
        token: ADMIN_TOKEN,
        json: { soldOut: true },
      });
      expect(set.status).toBe(200);
      await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect(MenuAvailabilityChanged.parse(JSON.parse(receiver.received[0]!.body))).toMatchObject({
        type: 'menu.availability_changed',
        storeId: 'hooked',
        itemId: 'burger',
        available: false,
      });
    } finally {
      await server.close();
    }
  });
});
