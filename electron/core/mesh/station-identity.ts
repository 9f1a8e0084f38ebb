import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { generate } from 'selfsigned';
import { SignedDocument, StationCertificateBody } from '../../../shared/sync/mesh.js';
import type { Db } from '../db/open-database.js';
import { publicKeyFromBase64 } from './certificates.js';

/** What pairing brought: the store-signed certificate and the store's public key. */
export interface Pairing {
  certificate: SignedDocument;
  body: StationCertificateBody;
  storePublicKey: string;
  storeKey: KeyObject;
}

/** The TLS key and self-signed certificate the peer endpoint serves and dials with; trusted through the pin, not a CA. */
export interface PeerTlsIdentity {
  key: string;
  cert: string;
  /** SHA-256 of the certificate DER, lowercase hex: what the station certificate pins. */
  fingerprint: string;
}

export function tlsFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Twenty years: the TLS certificate is trusted through the store-signed pin, whose life is the short one. */
const TLS_CERT_YEARS = 20;

interface Row {
  signing_key: string;
  tls_key: string;
  tls_cert: string;
  certificate: string | null;
  store_public_key: string | null;
}

/**
 * This station's identity in the store mesh, kept in its database: made once (an Ed25519 key and a
 * self-signed TLS certificate on P-256, which Electron's BoringSSL also accepts), then paired through
 * the central server. A pairing for another station id (the config was changed) counts as none.
 */
export class StationIdentity {
  readonly signingKey: KeyObject;
  /** The Ed25519 public key, SPKI DER in base64, as a certificate names it. */
  readonly publicKey: string;
  readonly tls: PeerTlsIdentity;
  #pairing: Pairing | undefined;

  private constructor(
    private readonly db: Db,
    readonly stationId: string,
    row: Row,
  ) {
    this.signingKey = createPrivateKey(row.signing_key);
    this.publicKey = createPublicKey(this.signingKey).export({ type: 'spki', format: 'der' }).toString('base64');
    this.tls = { key: row.tls_key, cert: row.tls_cert, fingerprint: tlsFingerprint(new X509Certificate(row.tls_cert).raw) };
    if (row.certificate !== null && row.store_public_key !== null) {
      const pairing = readPairing(row.certificate, row.store_public_key);
      if (pairing?.body.stationId === stationId) this.#pairing = pairing;
    }
  }

  /** Loads the identity, creating it on the first start. */
  static async open(db: Db, stationId: string): Promise<StationIdentity> {
    const read = () => db.prepare<[], Row>('SELECT signing_key, tls_key, tls_cert, certificate, store_public_key FROM mesh_identity').get();
    let row = read();
    if (row === undefined) {
      const { privateKey } = generateKeyPairSync('ed25519');
      const tls = await generate([{ name: 'commonName', value: `pos-station ${stationId}` }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        notAfterDate: new Date(Date.now() + TLS_CERT_YEARS * 365 * 24 * 60 * 60_000),
      });
      db.prepare('INSERT INTO mesh_identity (id, signing_key, tls_key, tls_cert) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING').run(
        privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        tls.private,
        tls.cert,
      );
      row = read();
      if (row === undefined) throw new Error('mesh identity not stored');
    }
    return new StationIdentity(db, stationId, row);
  }

  get pairing(): Pairing | undefined {
    return this.#pairing;
  }

  /** Keeps what the server answered; the caller verified the certificate names this station's keys. */
  savePairing(pairing: Pairing): void {
    this.db
      .prepare('UPDATE mesh_identity SET certificate = ?, store_public_key = ? WHERE id = 1')
      .run(JSON.stringify(pairing.certificate), pairing.storePublicKey);
    this.#pairing = pairing;
  }
}

function readPairing(certificate: string, storePublicKey: string): Pairing | undefined {
  try {
    const document = SignedDocument.parse(JSON.parse(certificate));
    const body = StationCertificateBody.parse(JSON.parse(document.body));
    return { certificate: document, body, storePublicKey, storeKey: publicKeyFromBase64(storePublicKey) };
  } catch {
    // Unreadable (a damaged row): unpaired, so the station pairs again.
    return undefined;
  }
}
