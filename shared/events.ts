/**
 * The event catalogue's public face. Every change to an order is an immutable, versioned event in
 * past tense; logs keep each event at the version it was written and readers upcast on read.
 */
import type { CurrentEvent, DomainEvent } from './events/catalogue.js';

export { Actor, Channel, EntityId, EventId, LineId, OrderId, OrderType, OriginId, PaymentId } from './events/envelope.js';
export * from './events/current.js';
export { ChosenModifier, DiscountAmount, DiscountTarget, LineMeasure } from './events/order-events.js';
export { CardDetails, PaymentMethod } from './events/payment-events.js';
export {
  CurrentEvent,
  DomainEvent,
  EVENT_CATALOGUE,
  EVENT_TYPES,
  currentVersion,
  upcastEvent,
  type EventType,
} from './events/catalogue.js';
export { EventFromWire, admitEvent, parseEvent } from './events/wire.js';

export type DomainEventType = DomainEvent['type'];
/** The current version of one event type. */
export type EventOf<T extends DomainEventType> = Extract<CurrentEvent, { type: T }>;

type Draft<E> = E extends { type: infer T; v: infer V; payload: infer P } ? { type: T; v: V; payload: P } : never;

/**
 * What an author supplies; the envelope (id, seq, hlc, vv) is stamped by the event store. Any
 * readable version is accepted so existing writers keep working; new code writes `CurrentNewEvent`.
 */
export type NewEvent = Draft<DomainEvent>;
export type CurrentNewEvent = Draft<CurrentEvent>;

/** Total order of the merge log: (hlc, origin, seq). Identical on every replica. */
export function compareEvents(a: Pick<DomainEvent, 'hlc' | 'origin' | 'seq'>, b: Pick<DomainEvent, 'hlc' | 'origin' | 'seq'>): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return a.seq - b.seq;
}
