import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export type PeerRole = 'dialer' | 'listener';

/** A fresh nonce per connection: a proof recorded on one connection is worthless on the next. */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

export interface ProofInput {
  verifierNonce: string;
  proverNonce: string;
  proverRole: PeerRole;
  proverId: string;
  storeId: string;
}

/**
 * What a station signs with its station key to prove it holds the key its certificate names: the
 * verifier's nonce (freshness), its own nonce, its role and station id and the store (a proof cannot
 * be replayed on another connection, reflected back at its author, or passed off as another station's).
 */
function proofInput(p: ProofInput): Buffer {
  return Buffer.from(['pos-mesh-proof-v2', p.storeId, p.proverRole, p.proverId, p.verifierNonce, p.proverNonce].join('\n'), 'utf8');
}

export function signProof(privateKey: KeyObject, p: ProofInput): string {
  return sign(null, proofInput(p), privateKey).toString('base64');
}

export function verifyProof(publicKey: KeyObject, signature: string, p: ProofInput): boolean {
  return verify(null, proofInput(p), publicKey, Buffer.from(signature, 'base64'));
}
