import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../shared/ipc/command-names.js';
import type { WindowAccessView } from '../../../shared/ipc/commands/windows.js';
import type { Station } from '../station.js';
import { startTestStation } from '../testing/station-harness.js';
import { tempDir } from '../testing/fixtures.js';
import { encodeFrame, exchange, statusOf, upgradeRequest, type RawFrame } from '../testing/raw-wire.js';
import { TestWsClient } from '../testing/ws-client.js';

/**
 * The window port under hostile input: raw HTTP requests, WebSocket upgrades and frames, thousands of
 * them against a real station core on loopback. After every batch the station must still answer its
 * health check, hold no connection of the batch, and serve a proper window (token, command, answer).
 * An exception escaping a listener would end this process, and vitest fails the run for it.
 * POS_FUZZ_WINDOW_CASES sets the number of cases (default 10,000).
 */
const CASES = Number(process.env.POS_FUZZ_WINDOW_CASES ?? 10_000);
const BATCH = 200;
/** How long one case waits for the station to answer or close before the fuzzer hangs up itself. */
const DEADLINE_MS = 120;

type Case =
  | { kind: 'http'; tls: boolean; request: Buffer }
  | { kind: 'upgrade'; tls: boolean; request: string; hostile: boolean }
  | { kind: 'frames'; tls: boolean; frames: Buffer[] };

describe('window port fuzz', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station;
  let port: number;
  let host: string;
  // In a station process an exception escaping a listener ends it; here vitest would only report it at
  // the end, so the property counts them itself and fails the batch that threw.
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    dir = tempDir('window-fuzz');
    station = await startTestStation(dir.path);
    port = Number(new URL(station.url).port);
    host = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    await station.stop();
    dir.remove();
  });

  const headerName = fc.oneof(
    fc.constantFrom(
      'Host',
      'Origin',
      'Content-Length',
      'Transfer-Encoding',
      'Content-Type',
      'Connection',
      'Upgrade',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'Sec-WebSocket-Extensions',
      'Sec-WebSocket-Protocol',
      'Expect',
      'Cookie',
    ),
    fc.string({ minLength: 0, maxLength: 20 }),
  );
  const oddValue = fc.oneof(
    fc.constantFrom(
      'null',
      '',
      ' ',
      'chunked',
      '-1',
      '99999999999999999999',
      'websocket',
      'Upgrade',
      '100-continue',
      '\u00ff\u00fe',
      'file://',
    ),
    fc.string({ maxLength: 60 }),
    fc.nat({ max: 80_000 }).map((n) => 'a'.repeat(n)),
  );
  const target = fc.oneof(
    fc.constantFrom(
      '/',
      '/ipc',
      '/pair',
      '/cashier',
      '/healthz',
      '//',
      '//[::',
      'http://[/ipc',
      '*',
      '/%',
      '/%00',
      '/../../etc/passwd',
      '/kitchen/assets/x.js',
    ),
    fc.string({ maxLength: 200 }),
    fc.nat({ max: 20_000 }).map((n) => `/${'x'.repeat(n)}`),
  );
  const httpCase: fc.Arbitrary<Case> = fc
    .record({
      method: fc.oneof(
        fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'CONNECT', 'TRACE', 'PRI'),
        fc.string({ maxLength: 10 }),
      ),
      target,
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '', 'HTTP/9'),
      headers: fc.array(fc.tuple(headerName, oddValue), { maxLength: 8 }),
      withHost: fc.boolean(),
      eol: fc.constantFrom('\r\n', '\r\n', '\n', '\r'),
      body: fc.oneof(fc.constant(''), fc.string({ maxLength: 300 }), fc.json()),
      garbage: fc.option(fc.uint8Array({ maxLength: 400 }), { freq: 8 }),
      tls: fc.boolean(),
    })
    .map(({ method, target, version, headers, withHost, eol, body, garbage, tls }) => {
      if (garbage) return { kind: 'http', tls, request: Buffer.from(garbage) };
      const lines = [`${method} ${target} ${version}`, ...(withHost ? [`Host: ${host}`] : []), ...headers.map(([n, v]) => `${n}: ${v}`)];
      return { kind: 'http', tls, request: Buffer.from(`${lines.join(eol)}${eol}${eol}${body}`, 'latin1') };
    });

  const origins = fc.oneof(
    fc.constantFrom('null', 'file://', 'http://evil.example', 'https://evil.example', 'http://[::1', 'http://127.0.0.1:99999', '%'),
    fc.string({ maxLength: 40 }),
  );
  // Each mutation is left out half the time, so cases with one hostile header on an otherwise good upgrade are common.
  const upgradeCase: fc.Arbitrary<Case> = fc
    .record({
      path: fc.oneof(fc.constant('/ipc'), target),
      origin: fc.option(origins, { freq: 2 }),
      hostHeader: fc.option(
        fc.oneof(
          fc.constantFrom('evil.example', '', '[::1', 'localhost'),
          fc.constant('localhost').map((name) => `${name}:${port}`),
          fc.string({ maxLength: 30 }),
        ),
        { freq: 1 },
      ),
      key: fc.option(fc.oneof(fc.constantFrom('', 'short', 'x'.repeat(1000), '!!!!!!!!!!!!!!!!!!!!!!=='), fc.string({ maxLength: 40 })), {
        freq: 1,
      }),
      version: fc.option(fc.constantFrom('8', '', 'abc', '13, 8', '14'), { freq: 1 }),
      upgrade: fc.option(fc.constantFrom('WebSocket', 'h2c', '', 'websocket, h2c'), { freq: 1 }),
      connection: fc.option(fc.constantFrom('keep-alive, Upgrade', 'close', '', 'upgrade'), { freq: 1 }),
      extensions: fc.option(
        fc.oneof(fc.constantFrom('permessage-deflate', 'permessage-deflate; client_max_window_bits=99', ';;;'), fc.string()),
        { freq: 1 },
      ),
      huge: fc.option(
        fc.nat({ max: 70_000 }).map((n) => 'h'.repeat(n)),
        { freq: 6 },
      ),
      tls: fc.boolean(),
    })
    .map(({ path, origin, hostHeader, key, version, upgrade, connection, extensions, huge, tls }) => {
      const headers: Record<string, string | null> = {
        ...(origin !== null ? { Origin: origin } : {}),
        ...(hostHeader !== null ? { Host: hostHeader } : {}),
        ...(key !== null ? { 'Sec-WebSocket-Key': key } : {}),
        ...(version !== null ? { 'Sec-WebSocket-Version': version } : {}),
        ...(upgrade !== null ? { Upgrade: upgrade } : {}),
        ...(connection !== null ? { Connection: connection } : {}),
        ...(extensions !== null ? { 'Sec-WebSocket-Extensions': extensions } : {}),
        ...(huge !== null ? { 'X-Huge': huge } : {}),
      };
      // A page of another origin, or a name this station is not (rebinding), must never get a socket.
      const hostile = (origin !== null && origin !== `http://${host}`) || ['evil.example', '', '[::1'].includes(hostHeader ?? 'absent');
      return { kind: 'upgrade', tls, request: upgradeRequest(path, host, headers), hostile };
    });

  const command = fc.oneof(fc.constantFrom(...COMMAND_NAMES), fc.string({ maxLength: 70 }));
  const payload = fc.oneof(
    fc.constant('auth').map(() => JSON.stringify({ t: 'auth', token: station.tokens.cashier })),
    fc
      .record({ cmd: command, args: fc.jsonValue({ maxDepth: 3 }), id: fc.oneof(fc.string({ maxLength: 70 }), fc.nat()) })
      .map(({ cmd, args, id }) => JSON.stringify({ t: 'req', id, cmd, args })),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      '{',
      'null',
      '[]',
      '{"t":"auth"}',
      '{"t":"auth","token":1}',
      '{"t":"ping"}',
      '{"t":"welcome","role":"cashier","stationId":"x"}',
    ),
    fc.string({ maxLength: 200 }),
  );
  const frame: fc.Arbitrary<RawFrame> = fc.oneof(
    // Mostly well-framed text carrying good, wrong or hostile JSON.
    { weight: 6, arbitrary: payload.map((text) => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.from(text) })) },
    {
      weight: 4,
      arbitrary: fc
        .record({
          fin: fc.boolean(),
          rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
          opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.integer({ min: 0, max: 15 })),
          masked: fc.oneof(fc.constant(true), fc.boolean()),
          payload: fc.oneof(
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
            fc.constant(Buffer.from([0xc3, 0x28, 0xff, 0xfe])),
            fc.nat({ max: 100 * 1024 }).map((n) => Buffer.alloc(n, 0x20)),
          ),
          declaredLength: fc.option(fc.constantFrom(126n, 65535n, 65536n, 2n ** 63n - 1n, 2n ** 64n - 1n, 70_000n), { freq: 5 }),
        })
        .map(({ declaredLength, ...rest }) => ({ ...rest, ...(declaredLength !== null ? { declaredLength } : {}) })),
    },
  );
  const framesCase: fc.Arbitrary<Case> = fc
    .record({ frames: fc.array(frame, { minLength: 1, maxLength: 6 }), oneWrite: fc.boolean(), tls: fc.boolean() })
    .map(({ frames, oneWrite, tls }) => {
      const bytes = frames.map(encodeFrame);
      // One write (frames coalesced in one TCP segment) or one write per frame.
      return { kind: 'frames', tls, frames: oneWrite ? [Buffer.concat(bytes)] : bytes };
    });

  const anyCase = fc.oneof(httpCase, upgradeCase, framesCase);

  async function run(c: Case): Promise<void> {
    const to = { port, tls: c.tls ? { servername: undefined as unknown as string } : undefined };
    if (c.kind === 'frames') {
      const answer = await exchange(to, [upgradeRequest('/ipc', host), ...c.frames], { deadlineMs: DEADLINE_MS, afterFirstAnswer: true });
      const status = statusOf(answer.received);
      if (status !== undefined) expect(status).toBe(101);
      return;
    }
    const answer = await exchange(to, [c.request], { deadlineMs: DEADLINE_MS });
    const status = statusOf(answer.received);
    if (status !== undefined) expect(status, answer.received.subarray(0, 80).toString('latin1')).toBeLessThan(500);
    if (c.kind === 'upgrade' && c.hostile) expect(status).not.toBe(101);
  }

  async function access(): Promise<WindowAccessView> {
    const result = await station.dispatch('diagnostics', 'windows.access', {}, 'fuzz');
    if (!result.ok) throw new Error(result.error.message);
    return result.value as WindowAccessView;
  }

  async function stillServes(): Promise<void> {
    expect(escaped).toEqual([]);
    expect(await (await fetch(`${station.url}/healthz`)).json()).toEqual({ ok: true });
    // Every connection of the batch is gone (none leaked past the fuzzer hanging up).
    const started = Date.now();
    while ((await access()).connections > 0) {
      if (Date.now() - started > 5_000) throw new Error(`connections left open: ${(await access()).connections}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const client = new TestWsClient(`ws://${host}/ipc`);
    try {
      await client.opened();
      expect(await client.auth(station.tokens.cashier!)).toMatchObject({ t: 'welcome', role: 'cashier' });
      expect(await client.request('catalog.list', {})).toMatchObject({ ok: true });
    } finally {
      client.close();
    }
  }

  it(`survives ${CASES} hostile requests, upgrades and frames and serves the next window after every batch of ${BATCH}`, async () => {
    const started = Date.now();
    let cases = 0;
    const counts = { http: 0, upgrade: 0, frames: 0, tls: 0 };
    const phases = { run: 0, check: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(anyCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const t0 = Date.now();
        await Promise.all(batch.map(run));
        phases.run += Date.now() - t0;
        for (const c of batch) {
          counts[c.kind]++;
          if (c.tls) counts.tls++;
        }
        cases += batch.length;
        const t1 = Date.now();
        await stillServes();
        phases.check += Date.now() - t1;
      }),
      { numRuns: Math.ceil(CASES / BATCH), endOnFailure: true },
    );
    expect(cases).toBeGreaterThanOrEqual(CASES);
    console.log(JSON.stringify({ fuzz: 'window-port', cases, ...counts, ...phases, ms: Date.now() - started }));
  }, 240_000);
});
