import type { Db } from '../db/open-database.js';

/** PRAGMA synchronous level 1: in WAL mode, commits are consistent but wait for no fsync. */
const SYNCHRONOUS_NORMAL = 1;
/**
 * WAL pages a recoverable commit lets pile up before it checkpoints (local writes keep the
 * connection's 1,000). A checkpoint fsyncs twice; at 1,000 pages a 100,000-event catch-up paid
 * some 25 of them on a busy disk, a third of the pulling station's time. The next local write
 * checkpoints what is left, and the WAL file keeps its size, so later cycles do not regrow it.
 */
const RECOVERABLE_CHECKPOINT_PAGES = 10_000;

export type RecoverableCommit = <T>(transaction: () => T) => T;

/**
 * Commits a transaction whose loss in a power cut costs nothing, without waiting for the disk
 * (synchronous=NORMAL; WAL keeps the database consistent either way): pulled events move with
 * their cursor and are pulled again; a lost acknowledgement re-pushes events the server answers
 * as duplicates; sync bookkeeping is rewritten by the next round. A process crash loses none of
 * it (the OS holds the write), and the next local write's fsync makes it durable too, because the
 * WAL is written in order. Local writes, money among them, keep the connection's FULL.
 */
export function recoverableCommit(db: Db): RecoverableCommit {
  // The connection's levels for local writes (FULL as opened), restored after each recoverable commit.
  const durableSynchronous = db.pragma('synchronous', { simple: true }) as number;
  const durableCheckpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  return <T>(transaction: () => T): T => {
    if (durableSynchronous <= SYNCHRONOUS_NORMAL) return transaction();
    db.pragma(`synchronous = ${SYNCHRONOUS_NORMAL}`);
    db.pragma(`wal_autocheckpoint = ${Math.max(durableCheckpointPages, RECOVERABLE_CHECKPOINT_PAGES)}`);
    try {
      return transaction();
    } finally {
      db.pragma(`synchronous = ${durableSynchronous}`);
      db.pragma(`wal_autocheckpoint = ${durableCheckpointPages}`);
    }
  };
}
