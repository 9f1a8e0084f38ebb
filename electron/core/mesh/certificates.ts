import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  MESH_CERT_KIND,
  MESH_REVOCATION_KIND,
  RevocationBody,
  StationCertificateBody,
  type SignedDocument,
} from '../../../shared/sync/mesh.js';

export type Verified<T> = { ok: true; body: T } | { ok: false; reason: string };

/** An Ed25519 public key from its SPKI DER in base64 (how certificates and the server carry them). */
export function publicKeyFromBase64(spki: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/**
 * Checks the store's signature over the exact text first, then parses it: a document whose text was
 * altered in any byte, or signed as the other kind, fails before its content is trusted at all.
 */
function verifyDocument<T>(kind: string, schema: z.ZodType<T>, document: SignedDocument, storeKey: KeyObject): Verified<T> {
  const signed = verify(null, Buffer.from(`${kind}\n${document.body}`, 'utf8'), storeKey, Buffer.from(document.sig, 'base64'));
  if (!signed) return { ok: false, reason: 'its signature is not the store key’s' };
  let json: unknown;
  try {
    json = JSON.parse(document.body);
  } catch {
    return { ok: false, reason: 'signed, but not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, reason: `signed, but malformed: ${parsed.error.issues[0]?.message ?? ''}` };
}

export function verifyRevocation(document: SignedDocument, storeKey: KeyObject, storeId: string): Verified<RevocationBody> {
  const verified = verifyDocument(MESH_REVOCATION_KIND, RevocationBody, document, storeKey);
  if (verified.ok && verified.body.storeId !== storeId) return { ok: false, reason: `a revocation of store ${verified.body.storeId}` };
  return verified;
}

/** Whether `revocation` retires `certificate`: by serial, or station-wide for certificates issued until then. */
export function revokes(revocation: RevocationBody, certificate: StationCertificateBody): boolean {
  if (revocation.stationId !== certificate.stationId || revocation.storeId !== certificate.storeId) return false;
  return revocation.serial === null ? certificate.issuedAt <= revocation.revokedAt : revocation.serial === certificate.serial;
}

/**
 * A peer's certificate as this station judges it, offline: signed by this store's key, for this
 * store and the station id the peer claims, not expired by this station's clock, not revoked by any
 * revocation heard so far.
 */
export function verifyCertificate(
  document: SignedDocument,
  expected: { storeKey: KeyObject; storeId: string; stationId: string; now: number; revocations: readonly RevocationBody[] },
): Verified<StationCertificateBody> {
  const verified = verifyDocument(MESH_CERT_KIND, StationCertificateBody, document, expected.storeKey);
  if (!verified.ok) return { ok: false, reason: `station certificate refused: ${verified.reason} (not paired into this store)` };
  const cert = verified.body;
  if (cert.storeId !== expected.storeId)
    return { ok: false, reason: `station certificate refused: it is for store ${cert.storeId}, this station is in ${expected.storeId}` };
  if (cert.stationId !== expected.stationId)
    return { ok: false, reason: `station certificate refused: it names ${cert.stationId}, the peer says it is ${expected.stationId}` };
  if (cert.expiresAt <= expected.now)
    return {
      ok: false,
      reason: `station certificate of ${cert.stationId} expired at ${new Date(cert.expiresAt).toISOString()} (it renews through the central server)`,
    };
  if (expected.revocations.some((r) => revokes(r, cert)))
    return { ok: false, reason: `station ${cert.stationId} is revoked (certificate serial ${cert.serial})` };
  return verified;
}
