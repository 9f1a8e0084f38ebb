import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Station } from '../station.js';
import { startTestStation } from '../testing/station-harness.js';
import { tempDir } from '../testing/fixtures.js';

/** Sends a raw upgrade request and resolves with the status line the station answers (or '' if it just closes). */
function rawUpgrade(port: number, target: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\r\n')) {
        resolve(received.slice(0, received.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    // A station that neither answers nor closes fails the test here, not at the suite's timeout.
    setTimeout(() => {
      resolve('no answer');
      socket.destroy();
    }, 2_000).unref();
    const lines = [
      `GET ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** Opens an upgrade and resets the connection at once, before the station has answered. */
function resetUpgrade(port: number, target: string, extra = ''): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${extra}\r\n`);
      setTimeout(() => {
        socket.resetAndDestroy();
        resolve();
      }, 20);
    });
    socket.on('error', () => resolve());
  });
}

describe('hostile WebSocket upgrades on the window port', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  let port: number;

  beforeEach(async () => {
    dir = tempDir('hostile-upgrade');
    station = await startTestStation(dir.path);
    port = Number(new URL(station.url).port);
  });
  afterEach(async () => {
    await station.stop();
    dir.remove();
  });

  async function stillServes(): Promise<void> {
    expect(await (await fetch(`${station.url}/healthz`)).json()).toEqual({ ok: true });
  }

  // `Origin: null` comes from sandboxed iframes and file:// pages; the others are what a hand-made client can send.
  it.each(['null', 'file://', 'http://', 'http://[::1', 'http://127.0.0.1:99999', 'not a url', '%'])(
    'refuses Origin %j on the window socket with 403 and keeps serving',
    async (origin) => {
      expect(await rawUpgrade(port, '/ipc', { Origin: origin })).toBe('HTTP/1.1 403 Forbidden');
      await stillServes();
    },
  );

  it('refuses an unparsable request target with 400 and keeps serving', async () => {
    // `//` and `//[::` parse as a URL with an empty or broken host: `new URL(target, base)` throws on them.
    for (const target of ['//', '//[::', 'http://[/ipc', 'http://a:99999/peer']) {
      expect(await rawUpgrade(port, target, {})).toMatch(/^HTTP\/1\.1 400 /);
      await stillServes();
    }
  });

  it('answers an upgrade to a path nobody serves with 404 instead of leaving the socket open', async () => {
    expect(await rawUpgrade(port, '/nothing-here', {})).toBe('HTTP/1.1 404 Not Found');
    await stillServes();
  });

  it('refuses an upgrade whose owner has already closed instead of leaving it open (it would hold up stop)', async () => {
    await station.mesh.close();
    expect(await rawUpgrade(port, '/peer', {})).toBe('HTTP/1.1 404 Not Found');
    await stillServes();
  });

  it('survives clients that reset the connection in the middle of an upgrade', async () => {
    await resetUpgrade(port, '/nothing-here');
    await resetUpgrade(port, '/ipc', 'Origin: null\r\n');
    await resetUpgrade(port, '/peer');
    await resetUpgrade(port, '/ipc', 'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n');
    await new Promise((r) => setTimeout(r, 50));
    await stillServes();
  });
});
