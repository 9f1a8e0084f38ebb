import { randomBytes } from 'node:crypto';
import { DomainEvent } from '../../shared/events.js';
import { encodeHlc } from '../../shared/hlc.js';
import { uuidv7 } from '../../shared/ids.js';

/** Fixed epoch so hlc values are stable across runs; ids stay random so runs never collide. */
const BASE_MS = 1_700_000_000_000;

const random = (length: number): Uint8Array => new Uint8Array(randomBytes(length));

export function newUuid(nowMs = BASE_MS): string {
  return uuidv7(nowMs, random);
}

export interface MakeEventsOptions {
  firstSeq?: number;
  /** Each order is an OrderOpened followed by LineAdded events. */
  eventsPerOrder?: number;
}

/**
 * What a station's outbox would push: gapless seqs from `firstSeq`, every event checked against the
 * shared schema so tests never exercise the server with events a real station could not produce.
 */
export function makeEvents(origin: string, count: number, options: MakeEventsOptions = {}): DomainEvent[] {
  const firstSeq = options.firstSeq ?? 1;
  const perOrder = options.eventsPerOrder ?? 10;
  const events: DomainEvent[] = [];
  let orderId = newUuid();
  for (let i = 0; i < count; i++) {
    const seq = firstSeq + i;
    const wallMs = BASE_MS + seq;
    const envelope = {
      id: newUuid(wallMs),
      origin,
      seq,
      hlc: encodeHlc({ wallMs, counter: 0 }),
      vv: { [origin]: seq - 1 },
      actor: { kind: 'staff', id: 'cashier-1' },
    };
    if (i % perOrder === 0) {
      orderId = newUuid(wallMs);
      const ticketNumber = (Math.floor(i / perOrder) % 9999) + 1;
      events.push(
        DomainEvent.parse({
          ...envelope,
          orderId,
          type: 'OrderOpened',
          v: 1,
          payload: { channel: 'counter', orderType: 'takeout', currency: 'EUR', ticketNumber },
        }),
      );
    } else {
      events.push(
        DomainEvent.parse({
          ...envelope,
          orderId,
          type: 'LineAdded',
          v: 1,
          payload: { lineId: newUuid(wallMs), itemId: 'espresso', name: 'Espresso', quantity: 1, unitPriceMinor: 250 },
        }),
      );
    }
  }
  return events;
}
