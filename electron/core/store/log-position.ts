import { decodeHlc, HLC_ZERO, type Hlc } from '../../../shared/hlc.js';
import type { Db } from '../db/open-database.js';

/** Settings holding the local seq and HLC as they stood at the last compaction that deleted events. */
export const COMPACTED_SEQ_KEY = 'compacted_local_seq';
export const COMPACTED_HLC_KEY = 'compacted_hlc';

/**
 * Where the log stands: the seq of this station's newest own event and the clock its next event
 * ticks past. Shared by appends, remote pages and compaction; moved only after a commit.
 */
export interface LogPosition {
  localSeq: number;
  hlc: Hlc;
}

/**
 * Both counters are derived from the log itself, so they can never disagree with it after a crash;
 * compaction records where they stood when it deleted events, so they never go back (a reused seq
 * would be refused by the server as a seq conflict).
 */
export function readLogPosition(db: Db, origin: string, getSetting: (key: string) => string | undefined): LogPosition {
  const maxSeq = db.prepare<[string], { s: number | null }>('SELECT max(seq) AS s FROM events WHERE origin = ?').get(origin);
  const localSeq = Math.max(maxSeq?.s ?? 0, Number(getSetting(COMPACTED_SEQ_KEY) ?? '0'));
  const maxHlc = db.prepare<[], { h: string | null }>('SELECT max(hlc) AS h FROM events').get();
  const floorHlc = getSetting(COMPACTED_HLC_KEY);
  const hlc = [maxHlc?.h, floorHlc]
    .filter((h): h is string => typeof h === 'string')
    .sort()
    .at(-1);
  return { localSeq, hlc: hlc ? decodeHlc(hlc) : HLC_ZERO };
}
