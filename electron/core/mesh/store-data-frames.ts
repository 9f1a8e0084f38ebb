import { z } from 'zod';
import { StoreDataSummary, StoreDocumentWire } from '../../../shared/store-data.js';

/** Store documents per `data` frame: few kinds exist, so one frame carries every one a peer misses. */
const MAX_DOCUMENTS_PER_FRAME = 32;

/**
 * The store mesh's store data frames (joined into `PeerFrame`): after the handshake each side sends
 * `data-have`, per kind the stamp of the document it holds, and the other answers with `data` holding
 * the documents newer than that; every document that wins at a station later is sent as `data` too.
 */
export const STORE_DATA_FRAMES = [
  z.object({ t: z.literal('data-have'), have: StoreDataSummary }).strict(),
  z.object({ t: z.literal('data'), documents: z.array(StoreDocumentWire).min(1).max(MAX_DOCUMENTS_PER_FRAME) }).strict(),
] as const;
