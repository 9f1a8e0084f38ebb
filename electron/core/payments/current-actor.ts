import type { Actor } from '../../../shared/events.js';

/** Payments settle seconds after they start; the actor is read when each event is written. */
export function currentActor(actor: Actor | (() => Actor)): Actor {
  return typeof actor === 'function' ? actor() : actor;
}
