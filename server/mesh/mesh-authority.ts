import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import {
  MAX_REVOCATIONS,
  MESH_CERT_KIND,
  MESH_REVOCATION_KIND,
  type PairRequest,
  type PairResponse,
  type RevocationBody,
  type SignedDocument,
  type StationCertificateBody,
} from '../../shared/sync/mesh.js';
import { intColumn, textColumn } from '../db/columns.js';
import type { Database, SqlExecutor } from '../db/database.js';

/** Station certificates live 30 days; stations renew from half-life on, whenever the server is reachable. */
export const CERTIFICATE_LIFETIME_MS = 30 * 24 * 60 * 60_000;

export class PairingRefused extends Error {
  constructor(
    readonly code: 'station_revoked',
    message: string,
  ) {
    super(message);
  }
}

/** Signs `kind + "\n" + body` with the store key: the bytes signed are the bytes sent. */
export function signDocument(kind: string, body: string, privateKey: KeyObject): SignedDocument {
  return { body, sig: sign(null, Buffer.from(`${kind}\n${body}`, 'utf8'), privateKey).toString('base64') };
}

/**
 * The store's certificate authority for the mesh: one Ed25519 key per store, created on first use.
 * It signs station certificates (pairing, while a station reaches the server) and revocations, which
 * peers check offline. The private key is kept in the server database (`mesh_store_keys`), never
 * sent anywhere.
 */
export class MeshAuthority {
  private readonly keys = new Map<string, Promise<{ privateKey: KeyObject; publicKey: string }>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The store's public key (SPKI DER, base64), creating the key pair if the store has none yet. */
  async storePublicKey(storeId: string): Promise<string> {
    return (await this.storeKey(storeId)).publicKey;
  }

  /**
   * Issues a certificate for `request.stationId`, bound to its keys. The caller checked the credential
   * may act as that station; `credentialId` ties the certificate to it, so revoking the credential
   * revokes the certificate.
   */
  async pair(storeId: string, credentialId: string, request: PairRequest): Promise<PairResponse> {
    const key = await this.storeKey(storeId);
    const now = this.clock.now();
    const document = await this.db.transaction(async (tx) => {
      // A station revoked as a whole comes back only with a credential issued after the revocation.
      const [blocked] = await tx.query(
        `SELECT 1 FROM mesh_revocations r JOIN credentials c ON c.id = $3
         WHERE r.store_id = $1 AND r.station_id = $2 AND r.serial IS NULL AND c.created_at <= r.revoked_at LIMIT 1`,
        [storeId, request.stationId, credentialId],
      );
      if (blocked !== undefined)
        throw new PairingRefused(
          'station_revoked',
          `station ${request.stationId} is revoked from the store mesh; pair it again with a credential issued after the revocation`,
        );
      const [row] = await tx.query(`SELECT nextval('mesh_certificate_serials') AS serial`);
      if (row === undefined) throw new Error('no certificate serial');
      const body: StationCertificateBody = {
        kind: MESH_CERT_KIND,
        storeId,
        stationId: request.stationId,
        publicKey: request.publicKey,
        tlsFingerprint: request.tlsFingerprint,
        serial: intColumn(row, 'serial'),
        issuedAt: now,
        expiresAt: now + CERTIFICATE_LIFETIME_MS,
      };
      const signed = signDocument(MESH_CERT_KIND, JSON.stringify(body), key.privateKey);
      await tx.query(
        `INSERT INTO mesh_certificates (serial, store_id, station_id, credential_id, body, sig, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [body.serial, storeId, request.stationId, credentialId, signed.body, signed.sig, new Date(now).toISOString()],
      );
      return signed;
    });
    return { certificate: document, storePublicKey: key.publicKey, revocations: await this.revocations(storeId) };
  }

  /**
   * The store's revocations that still matter: those of certificates not yet expired, and
   * station-wide ones younger than a certificate's lifetime (anything older names only expired
   * certificates). Bounded so the list always fits a pairing answer and a peer frame.
   */
  async revocations(storeId: string): Promise<SignedDocument[]> {
    const since = new Date(this.clock.now() - CERTIFICATE_LIFETIME_MS).toISOString();
    const rows = await this.db.query(
      `SELECT r.body, r.sig FROM mesh_revocations r LEFT JOIN mesh_certificates c ON c.serial = r.serial
       WHERE r.store_id = $1 AND (r.serial IS NULL AND r.revoked_at > $2 OR c.issued_at > $2)
       ORDER BY r.id DESC LIMIT ${MAX_REVOCATIONS}`,
      [storeId, since],
    );
    return rows.map((row) => ({ body: textColumn(row, 'body'), sig: textColumn(row, 'sig') })).reverse();
  }

  /** Every certificate issued through this credential is revoked (the credential was). Idempotent. */
  async revokeCredential(credentialId: string): Promise<number> {
    const [credential] = await this.db.query('SELECT store_id FROM credentials WHERE id = $1', [credentialId]);
    if (credential === undefined) return 0;
    // The key first: a transaction holds the (PGlite: only) connection until it ends.
    const key = await this.storeKey(textColumn(credential, 'store_id'));
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `SELECT c.serial, c.store_id, c.station_id FROM mesh_certificates c
         WHERE c.credential_id = $1 AND NOT EXISTS (SELECT 1 FROM mesh_revocations r WHERE r.serial = c.serial)`,
        [credentialId],
      );
      for (const row of rows) {
        await this.insertRevocation(
          tx,
          key.privateKey,
          textColumn(row, 'store_id'),
          textColumn(row, 'station_id'),
          intColumn(row, 'serial'),
        );
      }
      return rows.length;
    });
  }

  /** Every certificate the station holds now is revoked, and its credentials issued so far cannot pair it again. */
  async revokeStation(storeId: string, stationId: string): Promise<SignedDocument> {
    const key = await this.storeKey(storeId);
    return this.db.transaction((tx) => this.insertRevocation(tx, key.privateKey, storeId, stationId, null));
  }

  private async insertRevocation(
    tx: SqlExecutor,
    privateKey: KeyObject,
    storeId: string,
    stationId: string,
    serial: number | null,
  ): Promise<SignedDocument> {
    const now = this.clock.now();
    const body: RevocationBody = { kind: MESH_REVOCATION_KIND, storeId, stationId, serial, revokedAt: now };
    const signed = signDocument(MESH_REVOCATION_KIND, JSON.stringify(body), privateKey);
    await tx.query(`INSERT INTO mesh_revocations (store_id, station_id, serial, body, sig, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      storeId,
      stationId,
      serial,
      signed.body,
      signed.sig,
      new Date(now).toISOString(),
    ]);
    return signed;
  }

  private storeKey(storeId: string): Promise<{ privateKey: KeyObject; publicKey: string }> {
    let key = this.keys.get(storeId);
    if (key === undefined) {
      key = this.loadOrCreate(storeId);
      this.keys.set(storeId, key);
      key.catch(() => this.keys.delete(storeId));
    }
    return key;
  }

  private async loadOrCreate(storeId: string): Promise<{ privateKey: KeyObject; publicKey: string }> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // Two instances creating it at once: the loser's insert does nothing and both read the winner's.
    await this.db.query(
      `INSERT INTO mesh_store_keys (store_id, public_key, private_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (store_id) DO NOTHING`,
      [
        storeId,
        publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        new Date(this.clock.now()).toISOString(),
      ],
    );
    const [row] = await this.db.query('SELECT public_key, private_key FROM mesh_store_keys WHERE store_id = $1', [storeId]);
    if (row === undefined) throw new Error(`no mesh key for store ${storeId}`);
    return { publicKey: textColumn(row, 'public_key'), privateKey: createPrivateKey(textColumn(row, 'private_key')) };
  }
}
