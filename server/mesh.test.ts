import { generateKeyPairSync } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyFromBase64, revokes, verifyCertificate, verifyRevocation } from '../electron/core/mesh/certificates.js';
import { PairResponse, RevocationList, StationCertificateBody, type RevocationBody } from '../shared/sync/mesh.js';
import { startCentralServer, type CentralServer } from './main.js';
import { ADMIN_TOKEN, channelKey, stationToken } from './testing/admin.js';
import { http } from './testing/http.js';

const spki = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
const pairBody = (stationId: string) => ({ stationId, publicKey: spki(), tlsFingerprint: 'b'.repeat(64) });

/** Store-mesh pairing on the central server (embedded PGlite). */
describe('store mesh pairing and revocation routes', () => {
  let server: CentralServer;
  beforeAll(async () => {
    server = await startCentralServer({ adminToken: ADMIN_TOKEN, logger: pino({ level: 'silent' }) });
  });
  afterAll(() => server.close());

  const pair = (store: string, token: string, body: unknown) => http(`${server.url}/v1/stores/${store}/mesh/pair`, { token, json: body });
  const revocations = async (store: string, token: string) =>
    RevocationList.parse((await http(`${server.url}/v1/stores/${store}/mesh/revocations`, { token })).body).revocations;

  it('certifies the station keys with the store key; serials grow and the store key stays', async () => {
    const token = await stationToken(server.url, 'cafe', 'counter-1');
    const request = pairBody('counter-1');
    const first = await pair('cafe', token, request);
    expect(first.status).toBe(200);
    const answer = PairResponse.parse(first.body);
    const storeKey = publicKeyFromBase64(answer.storePublicKey);
    const verified = verifyCertificate(answer.certificate, {
      storeKey,
      storeId: 'cafe',
      stationId: 'counter-1',
      now: Date.now(),
      revocations: [],
    });
    expect(verified).toMatchObject({ ok: true, body: { ...request, storeId: 'cafe' } });
    const again = PairResponse.parse((await pair('cafe', token, request)).body);
    expect(again.storePublicKey).toBe(answer.storePublicKey);
    const serial = (doc: { body: string }) => StationCertificateBody.parse(JSON.parse(doc.body)).serial;
    expect(serial(again.certificate)).toBeGreaterThan(serial(answer.certificate));
    // Another store has another key.
    const other = PairResponse.parse(
      (await pair('bakery', await stationToken(server.url, 'bakery', 'counter-1'), pairBody('counter-1'))).body,
    );
    expect(other.storePublicKey).not.toBe(answer.storePublicKey);
  });

  it('a credential pairs only its own station and store; channels and bad bodies are refused', async () => {
    const token = await stationToken(server.url, 'cafe', 'counter-2');
    expect(await pair('cafe', token, pairBody('counter-9'))).toMatchObject({ status: 403, body: { error: { code: 'station_mismatch' } } });
    await stationToken(server.url, 'elsewhere', 'x');
    expect(await pair('elsewhere', token, pairBody('counter-2'))).toMatchObject({ status: 403, body: { error: { code: 'wrong_store' } } });
    const { token: web } = await channelKey(server.url, 'cafe', 'web');
    expect((await pair('cafe', web, pairBody('web'))).status).toBe(403);
    expect((await pair('cafe', token, { ...pairBody('counter-2'), publicKey: 'nope' })).status).toBe(400);
    expect((await pair('cafe', token, { ...pairBody('counter-2'), extra: 1 })).status).toBe(400);
    expect((await pair('cafe', 'not-a-token-0123456789', pairBody('counter-2'))).status).toBe(401);
  });

  it('revoking a credential revokes its certificates (signed, listed to every station), and it pairs no more', async () => {
    const token = await stationToken(server.url, 'cafe', 'counter-3');
    const witness = await stationToken(server.url, 'cafe', 'counter-4');
    const answer = PairResponse.parse((await pair('cafe', token, pairBody('counter-3'))).body);
    const cert = StationCertificateBody.parse(JSON.parse(answer.certificate.body));
    const credentials = (await http(`${server.url}/v1/admin/stores/cafe/credentials`, { token: ADMIN_TOKEN })).body as {
      credentials: { id: string; subject: string | null }[];
    };
    const id = credentials.credentials.find((c) => c.subject === 'counter-3')!.id;
    expect((await http(`${server.url}/v1/admin/credentials/${id}/revoke`, { token: ADMIN_TOKEN, json: {} })).status).toBe(200);
    const storeKey = publicKeyFromBase64(answer.storePublicKey);
    const bodies = (await revocations('cafe', witness)).map((doc) => {
      const verified = verifyRevocation(doc, storeKey, 'cafe');
      if (!verified.ok) throw new Error(verified.reason);
      return verified.body;
    });
    expect(bodies.some((r) => revokes(r, cert))).toBe(true);
    expect((await pair('cafe', token, pairBody('counter-3'))).status).toBe(401);
  });

  it('revoking a station retires its certificates; only a credential issued afterwards pairs it again, and that certificate stands', async () => {
    const old = await stationToken(server.url, 'cafe', 'counter-5');
    const before = PairResponse.parse((await pair('cafe', old, pairBody('counter-5'))).body);
    const revoked = await http(`${server.url}/v1/admin/stores/cafe/mesh/revocations`, {
      token: ADMIN_TOKEN,
      json: { stationId: 'counter-5' },
    });
    expect(revoked.status).toBe(201);
    expect(await pair('cafe', old, pairBody('counter-5'))).toMatchObject({ status: 403, body: { error: { code: 'station_revoked' } } });
    const storeKey = publicKeyFromBase64(before.storePublicKey);
    const list = (await revocations('cafe', old)).map((doc) => verifyRevocation(doc, storeKey, 'cafe'));
    const bodies = list.flatMap<RevocationBody>((v) => (v.ok ? [v.body] : []));
    expect(bodies).toContainEqual(expect.objectContaining({ stationId: 'counter-5', serial: null }));
    const retired = StationCertificateBody.parse(JSON.parse(before.certificate.body));
    expect(bodies.some((r) => revokes(r, retired))).toBe(true);

    await new Promise((r) => setTimeout(r, 5));
    const fresh = await stationToken(server.url, 'cafe', 'counter-5');
    const after = PairResponse.parse((await pair('cafe', fresh, pairBody('counter-5'))).body);
    const renewed = StationCertificateBody.parse(JSON.parse(after.certificate.body));
    expect(after.revocations.length).toBeGreaterThan(0);
    expect(bodies.some((r) => revokes(r, renewed))).toBe(false);
    // Admin only, and for a store that exists.
    expect(
      (await http(`${server.url}/v1/admin/stores/cafe/mesh/revocations`, { token: fresh, json: { stationId: 'counter-5' } })).status,
    ).toBe(403);
    expect(
      (await http(`${server.url}/v1/admin/stores/nowhere/mesh/revocations`, { token: ADMIN_TOKEN, json: { stationId: 'x' } })).status,
    ).toBe(404);
  });
});
