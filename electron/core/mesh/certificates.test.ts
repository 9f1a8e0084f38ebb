import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDocument } from '../../../server/mesh/mesh-authority.js';
import { MESH_CERT_KIND, MESH_REVOCATION_KIND, type RevocationBody, type StationCertificateBody } from '../../../shared/sync/mesh.js';
import { parseStationConfig } from '../config.js';
import { publicKeyFromBase64, revokes, verifyCertificate, verifyRevocation } from './certificates.js';

const store = generateKeyPairSync('ed25519');
const station = generateKeyPairSync('ed25519');
const NOW = 1_800_000_000_000;
const spki = (key: typeof store.publicKey) => key.export({ type: 'spki', format: 'der' }).toString('base64');

const body: StationCertificateBody = {
  kind: MESH_CERT_KIND,
  storeId: 'cafe',
  stationId: 'counter-1',
  publicKey: spki(station.publicKey),
  tlsFingerprint: 'a'.repeat(64),
  serial: 7,
  issuedAt: NOW - 1_000,
  expiresAt: NOW + 60_000,
};
const certificate = signDocument(MESH_CERT_KIND, JSON.stringify(body), store.privateKey);
const expected = { storeKey: store.publicKey, storeId: 'cafe', stationId: 'counter-1', now: NOW, revocations: [] as RevocationBody[] };
const revocation = (r: Partial<RevocationBody>): RevocationBody => ({
  kind: MESH_REVOCATION_KIND,
  storeId: 'cafe',
  stationId: 'counter-1',
  serial: 7,
  revokedAt: NOW,
  ...r,
});

describe('station certificates, checked offline against the store key', () => {
  it('accepts the store-signed certificate and reads the station key back', () => {
    const verified = verifyCertificate(certificate, expected);
    expect(verified).toEqual({ ok: true, body });
    expect(publicKeyFromBase64(body.publicKey).equals(station.publicKey)).toBe(true);
  });

  it('refuses a certificate signed by any other key (a host that made up its own store key)', () => {
    const forger = generateKeyPairSync('ed25519');
    const forged = signDocument(MESH_CERT_KIND, JSON.stringify(body), forger.privateKey);
    expect(verifyCertificate(forged, expected)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not paired into this store') as unknown,
    });
  });

  it('refuses a certificate with any field altered after signing', () => {
    const altered = { ...certificate, body: certificate.body.replace('"serial":7', '"serial":8') };
    expect(verifyCertificate(altered, expected).ok).toBe(false);
    const otherKey = { ...certificate, body: JSON.stringify({ ...body, publicKey: spki(generateKeyPairSync('ed25519').publicKey) }) };
    expect(verifyCertificate(otherKey, expected).ok).toBe(false);
    // The same content re-serialised (spacing) is not the signed text either.
    expect(verifyCertificate({ ...certificate, body: JSON.stringify(body, null, 1) }, expected).ok).toBe(false);
  });

  it('refuses a certificate of another store, another station id, or past its expiry', () => {
    expect(verifyCertificate(certificate, { ...expected, storeId: 'other' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('for store cafe') as unknown,
    });
    expect(verifyCertificate(certificate, { ...expected, stationId: 'counter-2' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('names counter-1') as unknown,
    });
    expect(verifyCertificate(certificate, { ...expected, now: body.expiresAt })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('expired') as unknown,
    });
  });

  it('refuses a revocation passed off as a certificate and the reverse (each kind is signed as itself)', () => {
    const asRevocation = { ...certificate };
    expect(verifyRevocation(asRevocation, store.publicKey, 'cafe').ok).toBe(false);
    const signedRevocation = signDocument(MESH_REVOCATION_KIND, JSON.stringify(revocation({})), store.privateKey);
    expect(verifyCertificate(signedRevocation, expected).ok).toBe(false);
    expect(verifyRevocation(signedRevocation, store.publicKey, 'cafe')).toEqual({ ok: true, body: revocation({}) });
    expect(verifyRevocation(signedRevocation, store.publicKey, 'other').ok).toBe(false);
  });

  it('a revocation retires its serial, or every certificate of the station issued until then; an unknown serial retires nothing', () => {
    expect(verifyCertificate(certificate, { ...expected, revocations: [revocation({})] })).toMatchObject({
      ok: false,
      reason: 'station counter-1 is revoked (certificate serial 7)',
    });
    expect(revokes(revocation({ serial: 99 }), body)).toBe(false);
    expect(revokes(revocation({ stationId: 'counter-2' }), body)).toBe(false);
    expect(revokes(revocation({ storeId: 'other' }), body)).toBe(false);
    expect(revokes(revocation({ serial: null, revokedAt: body.issuedAt }), body)).toBe(true);
    // A certificate issued after a station-wide revocation (re-paired with a new credential) stands.
    expect(revokes(revocation({ serial: null, revokedAt: body.issuedAt - 1 }), body)).toBe(false);
  });
});

describe('station.json: the shared mesh key of the previous version', () => {
  it('is refused with a message naming the replacement (pairing through the central server)', () => {
    expect(() => parseStationConfig({ mesh: { key: 'store-mesh-secret-0123456789abcdef', storeId: 'cafe' } }, 'station.json')).toThrow(
      /mesh\.key and mesh\.storeId are gone: stations of a store now pair through the central server/,
    );
    expect(parseStationConfig({ mesh: {} }, 'station.json').mesh).toEqual({ port: 4320 });
  });
});
