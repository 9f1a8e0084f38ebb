/** Names and shapes shared by everything that appends to or listens on the store event log. */
import type { DomainEvent } from '../shared/events.js';
import type { PushEventResult, RejectionCode } from '../shared/sync/protocol.js';

/** NOTIFY channel carrying "<store> <serverSeq>" after every commit that appended events. */
export const EVENTS_CHANNEL = 'pos_events';

/**
 * Serializes the append step per store so that, within a store, commit order equals server_seq
 * order. Without it, on a multi-connection PostgreSQL a puller could read server_seq 10 while 9 is
 * still uncommitted, move its cursor past 9 and never see it. Pulls are per store, so stores need
 * not wait for each other.
 */
export const APPEND_LOCK_KEY = 7_301_002;

export interface PushOutcome {
  results: PushEventResult[];
  /** The events stored by this push, in seq order. */
  accepted: DomainEvent[];
}

/** One pushed event after the per-event checks that need no database. */
export type Candidate =
  | { kind: 'valid'; id: string; seq: number; event: DomainEvent }
  | {
      kind: 'refused';
      id: string;
      seq: number;
      code: Exclude<RejectionCode, 'seq_gap' | 'seq_conflict' | 'event_id_conflict'>;
      reason: string;
      body: unknown;
    };
