import { z } from 'zod';
import { DomainEvent, OriginId } from '../../../shared/events.js';
import { VersionVector } from '../../../shared/events/envelope.js';
import { MAX_REVOCATIONS, SignedDocument } from '../../../shared/sync/mesh.js';
import { STORE_DATA_FRAMES } from './store-data-frames.js';

/**
 * The store mesh's wire: JSON text frames on a TLS WebSocket at `/peer`, between two stations of one
 * store. Both sides speak the same frames; nothing but `hello` and `proof` is accepted before the
 * other side has shown a store-signed station certificate and proved it holds the key it names.
 */
export const MESH_PROTOCOL_VERSION = 2;
/** Events per `events` frame: a catch-up of 100,000 events is 500 frames, none of them blocking the loop for long. */
export const PAGE_EVENTS = 200;
/** A page of 200 large events fits with room to spare; anything bigger is a broken or hostile peer. */
export const MAX_PEER_FRAME_BYTES = 2 * 1024 * 1024;

const Nonce = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'nonce: 32 random bytes, base64url');
const Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'sig: Ed25519, base64');
const Seq = z.int().nonnegative();

export const PeerFrame = z.discriminatedUnion('t', [
  /** First frame each way: who this is, which store, its store-signed certificate, a fresh nonce for the other to sign, and its wall clock. */
  z
    .object({
      t: z.literal('hello'),
      v: z.literal(MESH_PROTOCOL_VERSION),
      storeId: z.string().min(1).max(64),
      stationId: OriginId,
      cert: SignedDocument,
      nonce: Nonce,
      now: z.number().int().nonnegative(),
    })
    .strict(),
  /** Signature over the other side's nonce with the key the certificate names (see `mesh-auth.ts`). */
  z.object({ t: z.literal('proof'), sig: Signature }).strict(),
  /** Store-signed revocations the sender holds: sent after the handshake and whenever a new one arrives. */
  z.object({ t: z.literal('revocations'), records: z.array(SignedDocument).min(1).max(MAX_REVOCATIONS) }).strict(),
  /** Why this side will not talk; the connection closes after it. */
  z.object({ t: z.literal('refuse'), reason: z.string().max(300) }).strict(),
  /** The sender's version vector (origin → highest contiguous seq held); `ack` counts `events` frames applied since the last one. */
  z.object({ t: z.literal('have'), vv: VersionVector, ack: z.int().nonnegative().max(1_000) }).strict(),
  /** Events of one or more origins, each origin's in seq order. */
  z.object({ t: z.literal('events'), events: z.array(DomainEvent).min(1).max(PAGE_EVENTS) }).strict(),
  /** Send this origin again from after `after`: an event arrived before its predecessor and was left out. */
  z.object({ t: z.literal('want'), origin: OriginId, after: Seq }).strict(),
  /** This side compacted the origin's events up to `through`: missing ones there come from the server, not from here. */
  z.object({ t: z.literal('compacted'), origin: OriginId, through: Seq }).strict(),
  ...STORE_DATA_FRAMES,
]);
export type PeerFrame = z.infer<typeof PeerFrame>;

/** Close codes (private range) so the dialer can tell a refusal from a network drop. */
export const PeerCloseCode = {
  protocolError: 4400,
  refused: 4403,
  duplicate: 4409,
  shuttingDown: 4503,
} as const;
