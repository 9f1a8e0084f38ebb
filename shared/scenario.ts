import { CurrentEvent, type CurrentNewEvent, type EventOf } from './events.js';
import { encodeHlc } from './hlc.js';
import { uuidv7 } from './ids.js';
import type { LineTax } from './money/tax.js';
import type { ChosenModifier } from './events.js';

type Stamped<D extends CurrentNewEvent> = Extract<CurrentEvent, { type: D['type'] }>;

export interface EmitOptions {
  /** What the author had seen (its version vector); default: every event emitted so far. */
  sees?: readonly CurrentEvent[];
  /** Wall clock of the author; default: one millisecond after the previous event. */
  atMs?: number;
  id?: string;
  orderId?: string;
}

/**
 * Builds one order's history the way stations would write it (gapless per-origin seqs, HLCs,
 * version vectors from what each author had seen), with deterministic ids: for the arbiter's
 * examples, tests and benchmarks. Pure: no clock, no randomness.
 */
export class Scenario {
  readonly events: CurrentEvent[] = [];
  readonly orderId: string;
  private nowMs: number;
  private counter = 0;
  private readonly seqs = new Map<string, number>();

  constructor(private readonly options: { startMs?: number; seed?: number; currency?: string } = {}) {
    this.nowMs = options.startMs ?? 1_700_000_000_000;
    this.orderId = this.id();
  }

  /** A fresh UUIDv7 at the scenario's clock. */
  id(): string {
    const n = ++this.counter;
    const seed = this.options.seed ?? 0;
    return uuidv7(this.nowMs, (length) =>
      Uint8Array.from({ length }, (_, i) => (i < 10 ? (seed >>> ((i % 4) * 8)) & 0xff : Math.floor(n / 256 ** (15 - i)) & 0xff)),
    );
  }

  emit<D extends CurrentNewEvent>(origin: string, draft: D, options: EmitOptions = {}): Stamped<D> {
    const wallMs = options.atMs ?? this.nowMs + 1;
    this.nowMs = Math.max(this.nowMs, wallMs);
    const seq = (this.seqs.get(origin) ?? 0) + 1;
    this.seqs.set(origin, seq);
    const vv: Record<string, number> = {};
    for (const e of options.sees ?? this.events) if (e.seq > (vv[e.origin] ?? 0)) vv[e.origin] = e.seq;
    const event = CurrentEvent.parse({
      ...draft,
      id: options.id ?? this.id(),
      orderId: options.orderId ?? this.orderId,
      origin,
      seq,
      hlc: encodeHlc({ wallMs, counter: 0 }),
      vv,
      actor: { kind: 'device', id: origin },
    }) as Stamped<D>;
    this.events.push(event);
    return event;
  }

  /** Events so far: pass to `sees` to write an event that has not seen what comes after. */
  snapshot(): CurrentEvent[] {
    return [...this.events];
  }

  open(origin: string, payload: Partial<EventOf<'OrderOpened'>['payload']> = {}, options?: EmitOptions) {
    return this.emit(
      origin,
      {
        type: 'OrderOpened',
        v: 2,
        payload: { channel: 'counter', orderType: 'takeout', currency: this.options.currency ?? 'EUR', ticketNumber: 1, ...payload },
      },
      options,
    );
  }

  line(
    origin: string,
    fields: {
      name: string;
      priceMinor: number;
      quantity?: number;
      station?: string;
      tax?: LineTax;
      modifiers?: ChosenModifier[];
      lineId?: string;
    },
    options?: EmitOptions,
  ) {
    return this.emit(
      origin,
      {
        type: 'LineAdded',
        v: 2,
        payload: {
          lineId: fields.lineId ?? this.id(),
          itemId: fields.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
          name: fields.name,
          quantity: fields.quantity ?? 1,
          unitPriceMinor: fields.priceMinor,
          ...(fields.station ? { kitchenStation: fields.station } : {}),
          modifiers: fields.modifiers ?? [],
          tax: fields.tax ?? { ratePpm: 0, included: true },
        },
      },
      options,
    );
  }

  cash(origin: string, amountMinor: number, options?: EmitOptions & { paymentId?: string; tenderedMinor?: number }) {
    const tenderedMinor = options?.tenderedMinor ?? amountMinor;
    return this.emit(
      origin,
      {
        type: 'PaymentCaptured',
        v: 2,
        payload: {
          paymentId: options?.paymentId ?? this.id(),
          method: 'cash',
          amountMinor,
          tipMinor: 0,
          tenderedMinor,
          changeMinor: tenderedMinor - amountMinor,
          roundingMinor: 0,
        },
      },
      options,
    );
  }

  place(origin: string, options?: EmitOptions) {
    return this.emit(origin, { type: 'OrderPlaced', v: 1, payload: {} }, options);
  }

  fire(origin: string, station: string, lineIds: string[], options?: EmitOptions & { ticketId?: string }) {
    return this.emit(
      origin,
      { type: 'TicketFired', v: 1, payload: { ticketId: options?.ticketId ?? this.id(), station, lineIds } },
      options,
    );
  }

  kitchen(
    origin: string,
    type: 'TicketStarted' | 'TicketReady' | 'TicketBumped' | 'TicketRecalled' | 'TicketCancelAcknowledged',
    ticketId: string,
    options?: EmitOptions,
  ) {
    return this.emit(origin, { type, v: 1, payload: { ticketId } }, options);
  }

  cancel(origin: string, reason = 'customer cancelled', options?: EmitOptions) {
    return this.emit(origin, { type: 'OrderCancelRequested', v: 1, payload: { reason } }, options);
  }
}
