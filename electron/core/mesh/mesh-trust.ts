import { MAX_REVOCATIONS, type RevocationBody, type SignedDocument, type StationCertificateBody } from '../../../shared/sync/mesh.js';
import { publicKeyFromBase64, revokes, verifyCertificate, type Verified } from './certificates.js';
import { signProof, verifyProof, type ProofInput } from './mesh-auth.js';
import type { Pairing, StationIdentity } from './station-identity.js';

/**
 * What a paired station trusts peers with, all offline: its own certificate and station key (to
 * prove itself), the store's public key and the revocations heard so far (to judge a peer).
 */
export class MeshTrust {
  constructor(
    private readonly identity: Pick<StationIdentity, 'signingKey' | 'tls'>,
    private readonly pairing: Pairing,
    private readonly revocations: { bodies(): readonly RevocationBody[]; documents(): readonly SignedDocument[] },
  ) {}

  get storeId(): string {
    return this.pairing.body.storeId;
  }

  get stationId(): string {
    return this.pairing.body.stationId;
  }

  get certificate(): SignedDocument {
    return this.pairing.certificate;
  }

  /** This station's TLS key and certificate, which its own certificate pins. */
  get tls(): { key: string; cert: string } {
    return this.identity.tls;
  }

  prove(input: ProofInput): string {
    return signProof(this.identity.signingKey, input);
  }

  /** The peer's certificate, checked against the store key, its claimed id, this station's clock and the revocations. */
  verifyPeer(certificate: SignedDocument, stationId: string, now: number): Verified<StationCertificateBody> {
    return verifyCertificate(certificate, {
      storeKey: this.pairing.storeKey,
      storeId: this.storeId,
      stationId,
      now,
      revocations: this.revocations.bodies(),
    });
  }

  /** The peer signed the proof input with the key its certificate names. */
  verifyProof(certificate: StationCertificateBody, signature: string, input: ProofInput): boolean {
    try {
      return verifyProof(publicKeyFromBase64(certificate.publicKey), signature, input);
    } catch {
      return false;
    }
  }

  isRevoked(certificate: StationCertificateBody): boolean {
    return this.revocations.bodies().some((r) => revokes(r, certificate));
  }

  /** The revocations to pass on to a peer (the newest, as many as a frame holds). */
  revocationDocuments(): SignedDocument[] {
    return this.revocations.documents().slice(-MAX_REVOCATIONS);
  }
}
