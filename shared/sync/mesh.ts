import { z } from 'zod';
import { OriginId } from '../events.js';
import { StoreId } from './protocol.js';

/**
 * Store-mesh trust, shared by the central server (which signs) and the stations (which verify,
 * offline): a station certificate binds a station id to its Ed25519 public key and its TLS
 * certificate's fingerprint, signed by the store's key; a revocation, signed by the same key, retires
 * certificates. Signatures cover the exact JSON text in `body` (never a re-serialisation), prefixed
 * by the document's kind, so a certificate can never be passed off as a revocation or the reverse.
 */

/** Ed25519 public key: the DER SubjectPublicKeyInfo (44 bytes), base64. */
export const Ed25519PublicKey = z.string().regex(/^[A-Za-z0-9+/]{59}[A-Za-z0-9+/=]$/, 'Ed25519 public key: SPKI DER, base64 (60 chars)');
/** SHA-256 of a TLS certificate's DER, lowercase hex. */
export const TlsFingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'TLS fingerprint: SHA-256 of the certificate DER, lowercase hex');
/** Ed25519 signature (64 bytes), base64. */
const Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'signature: Ed25519, base64 (88 chars)');

export const MESH_CERT_KIND = 'pos-mesh-station-cert-v1';
export const MESH_REVOCATION_KIND = 'pos-mesh-revocation-v1';

export const StationCertificateBody = z
  .object({
    kind: z.literal(MESH_CERT_KIND),
    storeId: StoreId,
    stationId: OriginId,
    publicKey: Ed25519PublicKey,
    tlsFingerprint: TlsFingerprint,
    /** Per store, increasing: a revocation may name one certificate. */
    serial: z.int().positive(),
    issuedAt: z.int().nonnegative(),
    /** Certificates are short-lived and renewed whenever the server is reachable (see the README's mesh section). */
    expiresAt: z.int().nonnegative(),
  })
  .strict();
export type StationCertificateBody = z.infer<typeof StationCertificateBody>;

export const RevocationBody = z
  .object({
    kind: z.literal(MESH_REVOCATION_KIND),
    storeId: StoreId,
    stationId: OriginId,
    /** One certificate; null: every certificate of the station issued at or before `revokedAt`. */
    serial: z.int().positive().nullable(),
    revokedAt: z.int().nonnegative(),
  })
  .strict();
export type RevocationBody = z.infer<typeof RevocationBody>;

/** A signed document: the JSON text as signed, and the store key's signature over `kind + "\n" + body`. */
export const SignedDocument = z.object({ body: z.string().min(2).max(2_000), sig: Signature }).strict();
export type SignedDocument = z.infer<typeof SignedDocument>;

export const MAX_REVOCATIONS = 1_000;

/** `POST /v1/stores/:store/mesh/pair`: what the station proves with later, offline. */
export const PairRequest = z
  .object({
    stationId: OriginId,
    publicKey: Ed25519PublicKey,
    tlsFingerprint: TlsFingerprint,
  })
  .strict();
export type PairRequest = z.infer<typeof PairRequest>;

export const PairResponse = z
  .object({
    certificate: SignedDocument,
    /** The store's Ed25519 public key (SPKI DER, base64): what peers verify certificates and revocations with. */
    storePublicKey: Ed25519PublicKey,
    revocations: z.array(SignedDocument).max(MAX_REVOCATIONS),
  })
  .strict();
export type PairResponse = z.infer<typeof PairResponse>;

export const RevocationList = z.object({ revocations: z.array(SignedDocument).max(MAX_REVOCATIONS) }).strict();
export type RevocationList = z.infer<typeof RevocationList>;

/** `POST /v1/admin/stores/:store/mesh/revocations`: retire every certificate a station holds now. */
export const RevokeStation = z.object({ stationId: OriginId }).strict();
