import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode, MAX_FRAME_BYTES } from '../../../shared/ipc/wire.js';
import type { Station } from '../station.js';
import { startTestStation } from '../testing/station-harness.js';
import { tempDir } from '../testing/fixtures.js';
import { TestWsClient } from '../testing/ws-client.js';

describe('WebSocket IPC transport', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  let wsUrl: string;
  const clients: TestWsClient[] = [];

  async function connect(headers?: Record<string, string>): Promise<TestWsClient> {
    const client = new TestWsClient(wsUrl, headers);
    clients.push(client);
    await client.opened();
    return client;
  }

  beforeEach(async () => {
    dir = tempDir('ws-ipc');
    station = await startTestStation(dir.path);
    wsUrl = `${station.url.replace('http', 'ws')}/ipc`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await station.stop();
    dir.remove();
  });

  it('serves the window page and a health check', async () => {
    expect((await fetch(`${station.url}/cashier`)).status).toBe(200);
    expect(await (await fetch(`${station.url}/healthz`)).json()).toEqual({ ok: true });
    expect((await fetch(`${station.url}/../../etc/passwd`)).status).toBe(404);
  });

  it('closes a connection that sends a command before authenticating', async () => {
    const client = await connect();
    client.send({ t: 'req', id: '1', cmd: 'catalog.list', args: {} });
    expect((await client.closed).code).toBe(CloseCode.unauthorized);
    expect(client.frames[0]).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
  });

  it('rejects an unknown token', async () => {
    const client = await connect();
    expect(await client.auth('not-a-real-token-at-all')).toMatchObject({ t: 'error', error: { code: 'unauthorized' } });
    expect((await client.closed).code).toBe(CloseCode.unauthorized);
  });

  it('refuses a page from another origin', async () => {
    const client = new TestWsClient(wsUrl, { Origin: 'http://evil.example' });
    clients.push(client);
    await expect(client.opened()).rejects.toThrow(/403/);
  });

  it('answers malformed frames with a typed error and keeps serving', async () => {
    const client = await connect();
    await client.auth(station.tokens.cashier!);
    client.sendRaw('{not json');
    expect(await client.next((f) => f.t === 'error')).toMatchObject({ error: { code: 'bad_request' } });
    client.send({ t: 'req', id: 'x' });
    expect(await client.next((f) => f.t === 'error')).toMatchObject({ error: { code: 'bad_request' } });
    expect(await client.request('no.such.command', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await client.request('order.addLine', { orderId: 'nope', itemId: 'espresso' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await client.request('catalog.list', {})).toMatchObject({ ok: true });
  });

  it('closes a connection that sends an oversized frame', async () => {
    const client = await connect();
    await client.auth(station.tokens.cashier!);
    client.sendRaw('x'.repeat(MAX_FRAME_BYTES + 1));
    expect((await client.closed).code).toBe(1009);
  });
});
