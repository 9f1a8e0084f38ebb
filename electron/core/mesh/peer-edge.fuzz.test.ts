import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServer } from '../../../server/main.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { eventually, pairRaw, RawPeer, rawIdentity, rawTls, type RawIdentity } from '../testing/raw-peer.js';
import { encodeFrame, exchange, statusOf, upgradeRequest, type RawFrame } from '../testing/raw-wire.js';
import { startTestStation } from '../testing/station-harness.js';
import type { PeerTlsIdentity } from './station-identity.js';
import { MESH_PROTOCOL_VERSION } from './protocol.js';

/**
 * The store mesh's peer endpoint (TLS, client certificates, hello/proof) under hostile input: TLS
 * garbage, odd certificates, broken upgrade requests, malformed hello frames and garbage frames, against
 * a paired station. After every batch it must still complete a real member's handshake.
 * POS_FUZZ_PEER_CASES sets the number of cases (default 2,000).
 */
const CASES = Number(process.env.POS_FUZZ_PEER_CASES ?? 2_000);
const BATCH = 100;
const DEADLINE_MS = 150;
const STORE = 'fuzz-store';
const TOKEN = 'fuzz-station-token-0123456789abcdef';

type Case =
  | { kind: 'tls-garbage'; bytes: Buffer }
  | { kind: 'upgrade'; cert: number; request: string }
  | { kind: 'frames'; cert: number; frames: Buffer[] };

describe('peer endpoint fuzz', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: CentralServer;
  let station: Station;
  let port: number;
  let member: RawIdentity;
  /** Client certificates a case may present: none, strangers' self-signed ones, a member's. */
  let certs: (PeerTlsIdentity | undefined)[];
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
    dir = tempDir('peer-fuzz');
    server = await startCentralServer({ bootstrap: { storeId: STORE, storeWideStationToken: TOKEN }, logger: pino({ level: 'silent' }) });
    station = await startTestStation(dir.path, { stationId: 'station-a', server: { url: server.url, token: TOKEN }, mesh: { port: 0 } });
    await eventually(() => station.mesh.paired, 10_000, 'station paired');
    port = Number(new URL(station.peerUrl!).port);
    member = await pairRaw(server.url, TOKEN, STORE, await rawIdentity('station-m'));
    certs = [undefined, await rawTls(), await rawTls(), member.tls];
  }, 60_000);
  afterAll(async () => {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    await station?.stop();
    await server?.close();
    dir?.remove();
  });

  const tlsOptions = (cert: number) => {
    const identity = certs[cert];
    return identity ? { key: identity.key, cert: identity.cert } : {};
  };

  async function stillServes(): Promise<void> {
    expect(escaped).toEqual([]);
    const peer = new RawPeer(station.peerUrl!, member);
    try {
      const answer = await peer.handshake({ storeId: STORE });
      expect(answer.t).not.toBe('refuse');
    } finally {
      peer.close();
    }
  }

  it('refuses an unparsable upgrade target with 400 instead of ending the station', async () => {
    for (const target of ['//', '//[::', 'http://[/peer', 'http://a:99999/peer']) {
      const answer = await exchange(
        { port, tls: tlsOptions(3) },
        [`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`],
        {
          deadlineMs: 2_000,
        },
      );
      expect(statusOf(answer.received)).toBe(400);
    }
    await stillServes();
  });

  const validHello = () => ({
    t: 'hello',
    v: MESH_PROTOCOL_VERSION,
    storeId: STORE,
    stationId: member.stationId,
    cert: member.certificate,
    nonce: 'A'.repeat(43),
    now: Date.now(),
  });
  // A good hello with one or more fields removed, retyped or replaced: what a buggy or hostile peer sends first.
  const helloText = fc
    .array(
      fc.record({
        field: fc.constantFrom('t', 'v', 'storeId', 'stationId', 'cert', 'nonce', 'now', 'extra', 'cert.body', 'cert.sig'),
        value: fc.oneof(
          fc.constant(undefined),
          fc.jsonValue({ maxDepth: 2 }),
          fc.string({ maxLength: 80 }),
          fc.constantFrom(-1, 2 ** 53, 1e308, '', 'proof', 'hello', STORE, 'station-a', '{"kind":"x"}'),
          fc.nat({ max: 200_000 }).map((n) => 'z'.repeat(n)),
        ),
      }),
      { minLength: 0, maxLength: 3 },
    )
    .map((edits) => {
      const hello: Record<string, unknown> = validHello();
      for (const { field, value } of edits) {
        if (field.startsWith('cert.')) {
          const cert = { ...(hello.cert as Record<string, unknown>) };
          cert[field.slice(5)] = value;
          hello.cert = cert;
        } else if (value === undefined) delete hello[field];
        else hello[field] = value;
      }
      return JSON.stringify(hello);
    });
  const text = fc.oneof(
    { weight: 5, arbitrary: helloText },
    { weight: 1, arbitrary: fc.record({ sig: fc.string({ maxLength: 120 }) }).map(({ sig }) => JSON.stringify({ t: 'proof', sig })) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '{"t":"events"}', '{"t":"refuse","reason":"x"}', '{"t":"vector"}') },
  );
  const frame: fc.Arbitrary<RawFrame> = fc.oneof(
    { weight: 6, arbitrary: text.map((t) => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.from(t) })) },
    {
      weight: 3,
      arbitrary: fc
        .record({
          fin: fc.boolean(),
          rsv: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 7 })),
          opcode: fc.oneof(fc.constantFrom(0, 1, 2, 8, 9, 10), fc.integer({ min: 0, max: 15 })),
          masked: fc.oneof(fc.constant(true), fc.boolean()),
          payload: fc.oneof(
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
            fc.constant(Buffer.from([0xc3, 0x28])),
          ),
          declaredLength: fc.option(fc.constantFrom(65536n, 3n * 1024n * 1024n, 2n ** 63n - 1n), { freq: 5 }),
        })
        .map(({ declaredLength, ...rest }) => ({ ...rest, ...(declaredLength !== null ? { declaredLength } : {}) })),
    },
  );
  const cert = fc.integer({ min: 0, max: 3 });
  const target = fc.oneof(fc.constantFrom('/peer', '/', '//', '//[::', '/peer?x', '/%', '*'), fc.string({ maxLength: 60 }));
  const anyCase: fc.Arbitrary<Case> = fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          // A TLS record header followed by junk: a ClientHello that is not one.
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x01, 0x00]), Buffer.from(b)])),
          fc.constant(Buffer.from('GET /peer HTTP/1.1\r\nHost: x\r\n\r\n')),
        )
        .map((bytes) => ({ kind: 'tls-garbage' as const, bytes })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          cert,
          target,
          origin: fc.option(fc.constantFrom('null', 'http://evil.example', 'file://'), { freq: 2 }),
          key: fc.option(fc.oneof(fc.constantFrom('', 'short', 'x'.repeat(500)), fc.string({ maxLength: 30 })), { freq: 1 }),
          version: fc.option(fc.constantFrom('8', '', 'abc'), { freq: 1 }),
          huge: fc.option(
            fc.nat({ max: 70_000 }).map((n) => 'h'.repeat(n)),
            { freq: 6 },
          ),
        })
        .map(({ cert, target, origin, key, version, huge }) => ({
          kind: 'upgrade' as const,
          cert,
          request: upgradeRequest(target, `127.0.0.1:${port}`, {
            ...(origin !== null ? { Origin: origin } : {}),
            ...(key !== null ? { 'Sec-WebSocket-Key': key } : {}),
            ...(version !== null ? { 'Sec-WebSocket-Version': version } : {}),
            ...(huge !== null ? { 'X-Huge': huge } : {}),
          }),
        })),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({ cert, frames: fc.array(frame, { minLength: 1, maxLength: 4 }) })
        .map(({ cert, frames }) => ({ kind: 'frames' as const, cert, frames: frames.map(encodeFrame) })),
    },
  );

  async function run(c: Case): Promise<void> {
    if (c.kind === 'tls-garbage') {
      await exchange({ port }, [c.bytes], { deadlineMs: DEADLINE_MS });
      return;
    }
    const to = { port, tls: tlsOptions(c.cert) };
    if (c.kind === 'upgrade') {
      const status = statusOf((await exchange(to, [c.request], { deadlineMs: DEADLINE_MS })).received);
      if (status !== undefined) expect(status).toBeLessThan(500);
      return;
    }
    await exchange(to, [upgradeRequest('/peer', `127.0.0.1:${port}`), ...c.frames], { deadlineMs: DEADLINE_MS, afterFirstAnswer: true });
  }

  it(`survives ${CASES} hostile TLS connections, upgrades and peer frames and completes a member's handshake after every batch of ${BATCH}`, async () => {
    const started = Date.now();
    let cases = 0;
    const counts = { 'tls-garbage': 0, upgrade: 0, frames: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(anyCase, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        await Promise.all(batch.map(run));
        for (const c of batch) counts[c.kind]++;
        cases += batch.length;
        await stillServes();
      }),
      { numRuns: Math.ceil(CASES / BATCH), endOnFailure: true },
    );
    expect(cases).toBeGreaterThanOrEqual(CASES);
    console.log(JSON.stringify({ fuzz: 'peer-edge', cases, ...counts, ms: Date.now() - started }));
  }, 240_000);
});
