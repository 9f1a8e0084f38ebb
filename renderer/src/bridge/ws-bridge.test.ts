import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFrame, ServerFrame } from '../../../shared/ipc/wire.js';
import { makeOrder } from '../testing/fake-station.js';
import type { ConnectionState } from './connection.js';
import { WINDOW_RECONNECT_BACKOFF, WsBridge, ipcUrl, reconnectDelay, type WebSocketLike, type WsBridgeOptions } from './ws-bridge.js';

const TOKEN = 'tok-0123456789abcdef';

type Listener = (event: never) => void;

class FakeSocket implements WebSocketLike {
  readonly sent: string[] = [];
  closedWith: number | null = null;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }
  close(code = 1000): void {
    this.closedWith = code;
  }
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { readonly code: number; readonly reason: string }) => void): void;
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  // Server side of the fake.
  private fire(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: unknown) => void)(event);
  }
  open(): void {
    this.fire('open', {});
  }
  receive(frame: ServerFrame | object | string): void {
    this.fire('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  serverClose(code: number): void {
    this.fire('close', { code, reason: '' });
  }
  frames(): ClientFrame[] {
    return this.sent.map((s) => JSON.parse(s) as ClientFrame);
  }
  lastRequest(): Extract<ClientFrame, { t: 'req' }> {
    const request = this.frames()
      .filter((f) => f.t === 'req')
      .at(-1);
    if (!request || request.t !== 'req') throw new Error('no request sent');
    return request;
  }
}

function setup(options: Partial<WsBridgeOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const statuses: ConnectionState[] = [];
  const errors: string[] = [];
  const bridge = new WsBridge({
    url: 'ws://station.test/ipc',
    token: TOKEN,
    WebSocketImpl: class extends FakeSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    random: () => 1,
    logError: (message) => errors.push(message),
    ...options,
  });
  bridge.onConnection((state) => statuses.push(state));
  const socket = (index = sockets.length - 1) => {
    const found = sockets[index];
    if (!found) throw new Error(`no socket #${index}`);
    return found;
  };
  const welcome = (s = socket()) => {
    s.open();
    s.receive({ t: 'welcome', role: 'cashier', stationId: 'station-1' });
  };
  return { bridge, sockets, socket, statuses, errors, welcome };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ws-bridge', () => {
  it('authenticates first, goes online on welcome and reports the station', () => {
    const { socket, statuses, welcome } = setup();
    expect(socket().url).toBe('ws://station.test/ipc');
    socket().open();
    expect(socket().frames()).toEqual([{ t: 'auth', token: TOKEN }]);
    welcome();
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'online']);
    expect(statuses.at(-1)).toEqual({ status: 'online', stationId: 'station-1', role: 'cashier', reason: null });
  });

  it('holds requests made during the handshake until welcome', async () => {
    const { bridge, socket, welcome } = setup();
    const answer = bridge.invoke('catalog.list', {});
    socket().open();
    expect(
      socket()
        .frames()
        .map((f) => f.t),
    ).toEqual(['auth']);
    welcome();
    const request = socket().lastRequest();
    expect(request).toMatchObject({ cmd: 'catalog.list', args: {} });
    socket().receive({ t: 'res', id: request.id, result: { ok: true, value: { items: [], menu: null } } });
    await expect(answer).resolves.toEqual({ ok: true, value: { items: [], menu: null } });
  });

  it('correlates responses to requests by id, in any order', async () => {
    const { bridge, socket, welcome } = setup();
    welcome();
    const catalog = bridge.invoke('catalog.list', {});
    const catalogId = socket().lastRequest().id;
    const active = bridge.invoke('orders.listActive', {});
    const activeId = socket().lastRequest().id;
    expect(catalogId).not.toBe(activeId);

    const order = makeOrder();
    socket().receive({ t: 'res', id: activeId, result: { ok: true, value: { orders: [order] } } });
    socket().receive({ t: 'res', id: catalogId, result: { ok: false, error: { code: 'forbidden', message: 'no' } } });

    await expect(active).resolves.toEqual({ ok: true, value: { orders: [order] } });
    await expect(catalog).resolves.toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
  });

  it('turns a result that breaks the contract into a typed internal error', async () => {
    const { bridge, socket, welcome } = setup();
    welcome();
    const answer = bridge.invoke('orders.listActive', {});
    socket().receive({ t: 'res', id: socket().lastRequest().id, result: { ok: true, value: { orders: [{ id: 1 }] } } });
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('delivers valid push events and drops invalid ones with an error log', () => {
    const { bridge, socket, errors, welcome } = setup();
    welcome();
    const seen: string[] = [];
    const unsubscribe = bridge.on('scanner.scanned', (payload) => seen.push(payload.barcode));

    socket().receive({ t: 'evt', name: 'scanner.scanned', payload: { deviceId: 'scanner-1', barcode: '4006381333931' } });
    socket().receive({ t: 'evt', name: 'scanner.scanned', payload: { deviceId: 'scanner-1', barcode: '' } });
    socket().receive({ t: 'evt', name: 'printer.melted', payload: {} });
    socket().receive('not json');
    socket().receive({ t: 'nonsense' });

    expect(seen).toEqual(['4006381333931']);
    expect(errors).toEqual([
      'dropped invalid "scanner.scanned" push from the station',
      'dropped a frame that is not JSON',
      'dropped a frame that does not match the wire protocol',
    ]);

    unsubscribe();
    socket().receive({ t: 'evt', name: 'scanner.scanned', payload: { deviceId: 'scanner-1', barcode: '96385074' } });
    expect(seen).toHaveLength(1);
  });

  it('fails pending requests when the connection drops instead of hanging', async () => {
    const { bridge, socket, statuses, welcome } = setup();
    welcome();
    const answer = bridge.invoke('order.payCash', { orderId: makeOrder().id, tenderedMinor: 2000 });
    socket().serverClose(1006);
    await expect(answer).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Lost the connection to the station' },
    });
    expect(statuses.at(-1)?.status).toBe('offline');
    await expect(bridge.invoke('catalog.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('reconnects with exponential backoff capped at 10 s, resetting after a welcome', () => {
    const { sockets, socket, welcome } = setup();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      const before = sockets.length;
      socket().serverClose(1006);
      let waited = 0;
      while (sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);

    welcome();
    socket().serverClose(1006);
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(9);
  });

  it('stops reconnecting when the token is rejected (close 4401)', async () => {
    const { bridge, sockets, socket, statuses } = setup();
    socket().open();
    socket().serverClose(4401);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toMatchObject({ status: 'unauthorized', reason: 'rejected' });
    await expect(bridge.invoke('catalog.list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'unauthorized', message: "This window's access token was rejected" },
    });
  });

  it('never connects without a token', () => {
    const { sockets, statuses } = setup({ token: null });
    expect(sockets).toHaveLength(0);
    expect(statuses).toEqual([{ status: 'unauthorized', stationId: null, role: null, reason: 'missing_token' }]);
  });

  it('times out a request the station never answers', async () => {
    const { bridge, welcome } = setup({ requestTimeoutMs: 1000 });
    welcome();
    const answer = bridge.invoke('catalog.list', {});
    vi.advanceTimersByTime(1000);
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('drops a silent connection when a heartbeat goes unanswered, and reconnects', () => {
    const { sockets, socket, statuses, welcome } = setup({ heartbeatMs: 1000 });
    welcome();
    vi.advanceTimersByTime(1000);
    expect(socket().frames().at(-1)).toMatchObject({ t: 'ping' });
    socket().receive({ t: 'pong', id: 'whatever' });
    vi.advanceTimersByTime(1000);
    expect(socket().closedWith).toBeNull();
    vi.advanceTimersByTime(1000);
    expect(socket().closedWith).toBe(4000);
    expect(statuses.at(-1)?.status).toBe('offline');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
  });

  it('dispose closes the socket, fails pending calls and never reconnects', async () => {
    const { bridge, sockets, socket, welcome } = setup();
    welcome();
    const answer = bridge.invoke('catalog.list', {});
    bridge.dispose();
    expect(socket().closedWith).toBe(1000);
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    socket().serverClose(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('ipcUrl', () => {
  it('uses the page origin and upgrades to wss on https', () => {
    expect(ipcUrl({ protocol: 'http:', host: '192.168.1.20:4780' })).toBe('ws://192.168.1.20:4780/ipc');
    expect(ipcUrl({ protocol: 'https:', host: 'till.local' })).toBe('wss://till.local/ipc');
  });
});

describe('reconnectDelay', () => {
  it('waits between half and all of the doubling ceiling, as the inline rule before the shared backoff did', () => {
    const inline = (failed: number, r: number) => {
      const ceiling = Math.min(10_000, 500 * 2 ** failed);
      return Math.round(ceiling / 2 + (r * ceiling) / 2);
    };
    for (let failed = 0; failed < 8; failed++) {
      for (const r of [0, 0.1, 0.25, 0.5, 0.77, 0.999, 1]) {
        expect(reconnectDelay(failed + 1, WINDOW_RECONNECT_BACKOFF, () => r)).toBe(inline(failed, r));
      }
    }
  });
});
