import type { CurrentEvent, EventType } from '../events.js';
import type { FoldState } from '../fold/state.js';

/**
 * Why the arbiter is asked. `refused`: the event is illegal where the merge log puts it (a machine
 * or a reference refused it); a rule must say what happens instead. `legal`: the event applies, but
 * a rule may still recognise a conflict (concurrent edits) and record it, or veto the event.
 */
export type Trigger = { kind: 'refused'; by: 'order' | 'ticket' | 'payment' | 'reference' | 'dedupe'; state: string } | { kind: 'legal' };

export interface ArbiterContext {
  s: FoldState;
  e: CurrentEvent;
  trigger: Trigger;
  /** Dedupe only: the event that kept the id. */
  other?: CurrentEvent;
}

export interface Match {
  /** Events the resolved event conflicted with. */
  related?: readonly string[];
  outcome: string;
  /** Legal events only: the event is not applied. */
  veto?: boolean;
  /** Refused events only: what happens instead (money that moved is still recorded, ...). */
  after?: () => void;
}

export interface ArbiterRule {
  name: string;
  /** Which verdicts it can resolve: refused events, legal ones it may annotate or veto, or both. */
  on: readonly Trigger['kind'][];
  /** The event types it can match ('any' for the catch-alls): the arbiter skips the rest unasked. */
  events: readonly EventType[] | 'any';
  /** The conflict it resolves, for the docs page. */
  conflict: string;
  /** The visible outcome, for the docs page. */
  resolution: string;
  match(ctx: ArbiterContext): Match | undefined;
}
