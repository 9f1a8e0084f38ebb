import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type PeerRole = 'dialer' | 'listener';

/** A fresh nonce per connection: a proof recorded on one connection is worthless on the next. */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What a station signs to prove it holds the store's mesh key: the verifier's nonce (freshness), its
 * own nonce, its role and station id and the store (a proof cannot be replayed on another connection,
 * reflected back at its author, or passed off as another station's).
 */
function proofInput(p: { verifierNonce: string; proverNonce: string; proverRole: PeerRole; proverId: string; storeId: string }): string {
  return ['pos-mesh-proof-v1', p.storeId, p.proverRole, p.proverId, p.verifierNonce, p.proverNonce].join('\n');
}

/** The store's mesh secret, held only here: never logged, never sent. */
export class MeshKey {
  readonly #key: Buffer;

  constructor(key: string) {
    this.#key = Buffer.from(key, 'utf8');
  }

  prove(p: { verifierNonce: string; proverNonce: string; proverRole: PeerRole; proverId: string; storeId: string }): string {
    return createHmac('sha256', this.#key).update(proofInput(p)).digest('hex');
  }

  /** Constant-time: how much of a forged proof matched must not leak through timing. */
  verify(mac: string, p: { verifierNonce: string; proverNonce: string; proverRole: PeerRole; proverId: string; storeId: string }): boolean {
    const expected = Buffer.from(this.prove(p), 'hex');
    const offered = Buffer.from(mac, 'hex');
    return offered.length === expected.length && timingSafeEqual(offered, expected);
  }

  /** Never printed, even by accident (`util.inspect`, JSON logs). */
  toJSON(): string {
    return '[mesh key]';
  }
}
