import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDeliveryView } from '../shared/sync/admin.js';
import { ChannelOrderResponse, CreatedWebhookEndpoint, OrderStatusChanged } from '../shared/sync/channel.js';
import { ErrorResponse, PullResponse } from '../shared/sync/protocol.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { BACKENDS, testBackends } from './testing/backends.js';
import { http } from './testing/http.js';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver.js';
import { verifyWebhook } from './webhooks/signature.js';

const silent = pino({ level: 'silent' });
const backends = testBackends();
afterAll(() => backends.dispose());

const ORDER = {
  orderType: 'takeout',
  customerName: 'Ada',
  lines: [
    { itemId: 'espresso', quantity: 2 },
    { itemId: 'croissant', quantity: 1 },
  ],
};

const code = (body: unknown) => ErrorResponse.parse(body).error.code;

describe.each(BACKENDS)('channel ingress (%s)', (backend) => {
  let server: CentralServer;
  let web: string;
  let mobile: string;
  let station: string;
  const orders = (path = '') => `${server.url}/v1/stores/shop/orders${path}`;
  const post = (path: string, token: string, json: unknown, key?: string) =>
    http(orders(path), { token, json, headers: key === undefined ? {} : { 'idempotency-key': key } });

  beforeAll(async () => {
    server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
    });
    web = (await channelKey(server.url, 'shop', 'web')).token;
    mobile = (await channelKey(server.url, 'shop', 'mobile')).token;
    station = await stationToken(server.url, 'shop', 'station-1');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates an order once per Idempotency-Key and answers a replay identically', async () => {
    const first = await post('', web, ORDER, 'order-key-1');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const { order } = ChannelOrderResponse.parse(first.body);
    expect(order).toMatchObject({ channel: 'web', openedBy: 'web', orderType: 'takeout', currency: 'EUR' });
    expect(order.lines.map((l) => [l.itemId, l.quantity])).toEqual([
      ['espresso', 2],
      ['croissant', 1],
    ]);
    expect(first.headers.get('location')).toBe(`/v1/stores/shop/orders/${order.id}`);

    const replay = await post('', web, { ...ORDER, lines: [...ORDER.lines] }, 'order-key-1');
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const reused = await post('', web, { ...ORDER, orderType: 'delivery' }, 'order-key-1');
    expect(reused.status).toBe(422);
    expect(code(reused.body)).toBe('idempotency_key_reused');

    // The events went into the store's log with the channel as origin, once.
    const page = PullResponse.parse((await http(`${server.url}/v1/stores/shop/sync/pull?cursor=0&limit=1000`, { token: station })).body);
    const mine = page.events.map((e) => e.event).filter((e) => e.orderId === order.id);
    expect(mine.map((e) => e.type)).toEqual(['OrderOpened', 'LineAdded', 'LineAdded', 'OrderPlaced']);
    expect(new Set(mine.map((e) => e.origin))).toEqual(new Set(['web']));
    expect(mine.every((e) => e.actor.kind === 'channel')).toBe(true);
  });

  it('creates one order when the same key races itself', async () => {
    const replies = await Promise.all([0, 1, 2, 3].map(() => post('', mobile, ORDER, 'race-key')));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const ids = new Set(replies.map((r) => ChannelOrderResponse.parse(r.body).order.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
  });

  it('lets the channel read its order, a station read any order of the store, and nobody else', async () => {
    const created = ChannelOrderResponse.parse((await post('', web, ORDER, 'read-key')).body).order;
    expect(ChannelOrderResponse.parse((await http(orders(`/${created.id}`), { token: web })).body).order).toEqual(created);
    expect((await http(orders(`/${created.id}`), { token: station })).status).toBe(200);
    const hidden = await http(orders(`/${created.id}`), { token: mobile });
    expect(hidden.status).toBe(404);
    expect(code(hidden.body)).toBe('order_not_found');
    const elsewhere = (await channelKey(server.url, 'other-shop', 'web')).token;
    expect((await http(orders(`/${created.id}`), { token: elsewhere })).status).toBe(403);
    expect((await http(`${server.url}/v1/stores/other-shop/orders/${created.id}`, { token: elsewhere })).status).toBe(404);
  });

  it('records cancel and note commands as events of the channel, idempotently', async () => {
    const created = ChannelOrderResponse.parse((await post('', web, ORDER, 'cmd-key')).body).order;
    const noted = await post(`/${created.id}/note`, web, { note: 'ring twice' }, 'note-1');
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    const cancel = await post(`/${created.id}/cancel`, web, { reason: 'customer changed their mind' }, 'cancel-1');
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect((await post(`/${created.id}/cancel`, web, { reason: 'customer changed their mind' }, 'cancel-1')).body).toEqual(cancel.body);
    expect((await post(`/${created.id}/cancel`, mobile, { reason: 'not mine' }, 'cancel-2')).status).toBe(404);
    const page = PullResponse.parse((await http(`${server.url}/v1/stores/shop/sync/pull?cursor=0&limit=1000`, { token: station })).body);
    const types = page.events
      .map((e) => e.event)
      .filter((e) => e.orderId === created.id)
      .map((e) => e.type);
    expect(types.slice(-2)).toEqual(['OrderNoteSet', 'OrderCancelRequested']);
    expect(types.filter((t) => t === 'OrderCancelRequested')).toHaveLength(1);
  });

  it.each([
    ['no key', ORDER, undefined, 400, 'idempotency_key_required'],
    ['key with spaces', ORDER, 'a key', 400, 'bad_request'],
    ['key too long', ORDER, 'k'.repeat(201), 400, 'bad_request'],
    ['no lines', { ...ORDER, lines: [] }, 'k-1', 400, 'bad_request'],
    ['a price sent by the channel', { ...ORDER, lines: [{ ...ORDER.lines[0], unitPriceMinor: 1 }] }, 'k-2', 400, 'bad_request'],
    ['unknown field', { ...ORDER, discount: 'free' }, 'k-3', 400, 'bad_request'],
    ['SQL in a name', { ...ORDER, lines: [{ ...ORDER.lines[0], itemId: "x'; DROP TABLE events; --" }] }, 'k-4', 400, 'bad_request'],
  ])('refuses a bad order (%s) and stores nothing', async (_name, body, key, status, expected) => {
    const reply = await post('', web, body, key);
    expect(reply.status).toBe(status);
    expect(code(reply.body)).toBe(expected);
    if (key && !key.includes(' ') && key.length <= 200) expect((await post('', web, ORDER, key)).status).toBe(201); // the key was not burnt
  });

  it('refuses stations and other stores on channel routes', async () => {
    expect((await post('', station, ORDER, 'st-key')).status).toBe(403);
    const elsewhere = (await channelKey(server.url, 'other-shop', 'web')).token;
    const reply = await post('', elsewhere, ORDER, 'other-key');
    expect(reply.status).toBe(403);
    expect(code(reply.body)).toBe('wrong_store');
  });
});

describe.each(BACKENDS)('order-status webhooks (%s)', (backend) => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  const fastRetries = { allowNetworks: ['127.0.0.0/8'], baseDelayMs: 20, maxDelayMs: 100, pollMs: 50, maxAttempts: 3 };

  it('delivers signed status changes, retries, dead-letters, and replays on an admin call', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
      webhooks: fastRetries,
    });
    try {
      const { token } = await channelKey(server.url, 'hooks', 'web');
      const registered = await http(`${server.url}/v1/stores/hooks/webhooks`, { token, json: { url: receiver.url } });
      expect(registered.status).toBe(201);
      const endpoint = CreatedWebhookEndpoint.parse(registered.body);
      expect(endpoint.secret).toMatch(/^whsec_/);

      receiver.received.length = 0;
      receiver.respondWith(204);
      const created = await http(`${server.url}/v1/stores/hooks/orders`, {
        token,
        json: ORDER,
        headers: { 'idempotency-key': 'hook-order-1' },
      });
      const order = ChannelOrderResponse.parse(created.body).order;
      await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      const delivery = receiver.received[0]!;
      const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : v]));
      expect(verifyWebhook({ secret: endpoint.secret, headers, body: delivery.body, nowMs: Date.now() })).toEqual({
        ok: true,
        messageId: headers['webhook-id'],
      });
      const payload = OrderStatusChanged.parse(JSON.parse(delivery.body));
      expect(payload).toMatchObject({ type: 'order.status_changed', storeId: 'hooks', orderId: order.id, previousStatus: null });
      // A capture replayed later, or tampered with, does not verify.
      expect(verifyWebhook({ secret: endpoint.secret, headers, body: delivery.body, nowMs: Date.now() + 10 * 60_000 })).toEqual({
        ok: false,
        reason: 'timestamp_out_of_window',
      });
      expect(verifyWebhook({ secret: endpoint.secret, headers, body: delivery.body.replace('hooks', 'hookz'), nowMs: Date.now() })).toEqual(
        { ok: false, reason: 'bad_signature' },
      );

      // The receiver breaks: three attempts with backoff, then the dead-letter list.
      receiver.received.length = 0;
      receiver.respondWith(500);
      await http(`${server.url}/v1/stores/hooks/orders`, { token, json: ORDER, headers: { 'idempotency-key': 'hook-order-2' } });
      const list = async (state: string) =>
        (
          (await http(`${server.url}/v1/admin/stores/hooks/webhook-deliveries?state=${state}`, { token: ADMIN_TOKEN })).body as {
            deliveries: unknown[];
          }
        ).deliveries.map((d) => WebhookDeliveryView.parse(d));
      // One delivery per status change of the order (opened, then placed): all of them die.
      await expect.poll(async () => (await list('pending')).length === 0 && (await list('dead')).length > 0, { timeout: 8_000 }).toBe(true);
      const deadLetters = await list('dead');
      for (const dead of deadLetters)
        expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastStatus: 500, lastError: 'endpoint answered 500' });
      expect(receiver.received).toHaveLength(3 * deadLetters.length);
      const dead = deadLetters[0]!;
      const attemptsOfOne = receiver.received.filter((r) => r.headers['webhook-id'] === dead.messageId);
      expect(attemptsOfOne).toHaveLength(3);
      const gaps = attemptsOfOne.slice(1).map((r, i) => r.receivedAt - attemptsOfOne[i]!.receivedAt);
      expect(gaps.every((gap) => gap >= 10)).toBe(true);

      const metrics = String((await http(`${server.url}/metrics`, { token: ADMIN_TOKEN })).body);
      expect(metrics).toContain(`pos_webhook_dead_letters ${deadLetters.length}`);
      expect(metrics).toContain(`pos_webhook_delivery_attempts_total{result="dead"} ${deadLetters.length}`);

      receiver.respondWith(200);
      const replayed = await http(`${server.url}/v1/admin/webhook-deliveries/${dead.id}/replay`, {
        token: ADMIN_TOKEN,
        method: 'POST',
        json: {},
      });
      expect(replayed.status).toBe(200);
      await expect.poll(async () => (await list('delivered')).map((d) => d.id), { timeout: 5_000 }).toContain(dead.id);
      expect(await list('dead')).toHaveLength(deadLetters.length - 1);
      expect(
        (await http(`${server.url}/v1/admin/webhook-deliveries/${dead.id}/replay`, { token: ADMIN_TOKEN, method: 'POST', json: {} }))
          .status,
      ).toBe(409);
    } finally {
      await server.close();
    }
  });

  it('keeps undelivered webhooks across a restart and delivers them after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pos-hooks-'));
    const storage = backend === 'pglite' ? { dataDir } : await backends.serverStorage(backend);
    const down = await startWebhookReceiver();
    const port = Number(new URL(down.url).port);
    await down.close(); // nothing listens there now: deliveries fail with a connection error
    try {
      const options = {
        ...storage,
        adminToken: ADMIN_TOKEN,
        logger: silent,
        rateLimit: false as const,
        webhooks: { ...fastRetries, maxAttempts: 50 },
      };
      const first = await startCentralServer(options);
      const { token } = await channelKey(first.url, 'durable', 'web');
      await http(`${first.url}/v1/stores/durable/webhooks`, { token, json: { url: down.url } });
      await http(`${first.url}/v1/stores/durable/orders`, { token, json: ORDER, headers: { 'idempotency-key': 'durable-1' } });
      await first.projectNow();
      await first.close();

      const up = await startWebhookReceiver(port);
      const second = await startCentralServer(options);
      try {
        await expect.poll(() => up.received.length, { timeout: 8_000 }).toBeGreaterThanOrEqual(1);
        expect(OrderStatusChanged.parse(JSON.parse(up.received[0]!.body)).storeId).toBe('durable');
      } finally {
        await second.close();
        await up.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('lets only an admin register an endpoint that receives every order of the store', async () => {
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
      webhooks: fastRetries,
    });
    try {
      const web = await channelKey(server.url, 'scoped', 'web');
      const mobile = await channelKey(server.url, 'scoped', 'mobile');
      const hooks = `${server.url}/v1/stores/scoped/webhooks`;
      const refused = await http(hooks, { token: web.token, json: { url: receiver.url, scope: 'all' } });
      expect(refused.status).toBe(403);
      expect(code(refused.body)).toBe('admin_only');
      expect((await http(hooks, { token: web.token })).body).toEqual({ endpoints: [] });

      // A channel key cannot use the admin route; the admin token can, for a channel credential.
      const adminRoute = `${server.url}/v1/admin/credentials/${web.credentialId}/webhooks`;
      expect((await http(adminRoute, { token: web.token, json: { url: receiver.url, scope: 'all' } })).status).toBe(403);
      const granted = await http(adminRoute, { token: ADMIN_TOKEN, json: { url: receiver.url, scope: 'all' } });
      expect(granted.status, JSON.stringify(granted.body)).toBe(201);
      const endpoint = CreatedWebhookEndpoint.parse(granted.body);
      expect(endpoint.scope).toBe('all');
      expect(
        (await http(adminRoute.replace(web.credentialId, 'cred_nope'), { token: ADMIN_TOKEN, json: { url: receiver.url } })).status,
      ).toBe(404);
      // The channel sees (and may remove) the endpoint registered for it.
      expect((await http(hooks, { token: web.token })).body).toMatchObject({ endpoints: [{ id: endpoint.id, scope: 'all' }] });

      receiver.received.length = 0;
      receiver.respondWith(204);
      const created = await http(`${server.url}/v1/stores/scoped/orders`, {
        token: mobile.token,
        json: ORDER,
        headers: { 'idempotency-key': 'scoped-1' },
      });
      const order = ChannelOrderResponse.parse(created.body).order;
      await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect(OrderStatusChanged.parse(JSON.parse(receiver.received[0]!.body)).orderId).toBe(order.id);
    } finally {
      await server.close();
    }
  });

  it('refuses private, loopback, link-local and odd-port endpoints at registration', async () => {
    const server = await startCentralServer({ ...(await backends.serverStorage(backend)), adminToken: ADMIN_TOKEN, logger: silent });
    try {
      const { token } = await channelKey(server.url, 'strict', 'web');
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://[::1]/x',
        'http://10.1.2.3/x',
        'ftp://example.com/x',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:7f00:1]/x',
        'http://[fd00::1]/x',
        'http://0x7f000001/x',
        'http://2130706433/x',
        'https://shop.example.com:22/x',
        'https://shop.example.com:6379/x',
        'http://93.184.216.34:25/x',
      ]) {
        const reply = await http(`${server.url}/v1/stores/strict/webhooks`, { token, json: { url } });
        expect(reply.status, url).toBe(400);
      }
      for (const url of ['https://shop.example.com/hooks', 'https://shop.example.com:8443/hooks', 'http://93.184.216.34/hooks']) {
        expect((await http(`${server.url}/v1/stores/strict/webhooks`, { token, json: { url } })).status, url).toBe(201);
      }
    } finally {
      await server.close();
    }
  });

  it('resolves names at delivery, refuses a name with any private address, and connects to the address it checked', async () => {
    const names: Record<string, string[]> = {
      'intranet.shop.test': ['10.0.0.7'],
      'mixed.shop.test': ['93.184.216.34', '192.168.1.20'],
      'metadata.shop.test': ['::ffff:169.254.169.254'],
      'hooks.shop.test': ['127.0.0.1'],
    };
    let lookups = 0;
    const resolve = async (hostname: string) => {
      lookups++;
      const addresses = names[hostname];
      if (addresses === undefined) throw Object.assign(new Error(`no such name ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    const server = await startCentralServer({
      ...(await backends.serverStorage(backend)),
      adminToken: ADMIN_TOKEN,
      logger: silent,
      rateLimit: false,
      webhooks: { ...fastRetries, maxAttempts: 1, resolve },
    });
    try {
      const { token } = await channelKey(server.url, 'names', 'web');
      const port = new URL(receiver.url).port;
      for (const host of ['intranet.shop.test', 'mixed.shop.test', 'metadata.shop.test', `hooks.shop.test:${port}`]) {
        const reply = await http(`${server.url}/v1/stores/names/webhooks`, { token, json: { url: `http://${host}/hooks` } });
        expect(reply.status, host).toBe(201);
      }
      receiver.received.length = 0;
      receiver.respondWith(204);
      await http(`${server.url}/v1/stores/names/orders`, { token, json: ORDER, headers: { 'idempotency-key': 'names-1' } });
      const dead = async () =>
        (
          (await http(`${server.url}/v1/admin/stores/names/webhook-deliveries?state=dead&limit=1000`, { token: ADMIN_TOKEN })).body as {
            deliveries: unknown[];
          }
        ).deliveries.map((d) => WebhookDeliveryView.parse(d));
      await expect.poll(async () => (await dead()).length, { timeout: 8_000 }).toBeGreaterThanOrEqual(3);
      await expect.poll(() => receiver.received.length, { timeout: 8_000 }).toBeGreaterThanOrEqual(1);
      const errors = (await dead()).map((d) => d.lastError ?? '');
      expect(errors.some((e) => e.includes('intranet.shop.test resolves to 10.0.0.7'))).toBe(true);
      expect(errors.some((e) => e.includes('mixed.shop.test resolves to 192.168.1.20'))).toBe(true);
      expect(errors.some((e) => e.includes('metadata.shop.test resolves to ::ffff:169.254.169.254'))).toBe(true);
      // The allowed name reached the receiver through the checked address, under its own Host.
      expect(receiver.received.every((r) => r.headers.host === `hooks.shop.test:${port}`)).toBe(true);
      expect(lookups).toBeGreaterThanOrEqual(4);
    } finally {
      await server.close();
    }
  });
});
