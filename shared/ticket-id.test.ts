import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from './canonical.js';
import { TicketId } from './events/envelope.js';
import { UUID_V7_PATTERN } from './ids.js';
import { ticketIdFor } from './ticket-id.js';

const ORDER = '018bcfe5-6800-7000-8000-000000000001';
const LINE_A = '018bcfe5-6800-7000-8000-0000000000a1';
const LINE_B = '018bcfe5-6800-7000-8000-0000000000b2';

const uuid7 = fc.tuple(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.uint8Array({ minLength: 10, maxLength: 10 })).map(([ms, rest]) => {
  const hex = ms.toString(16).padStart(12, '0') + Array.from(rest, (b) => b.toString(16).padStart(2, '0')).join('');
  const variant = ((parseInt(hex[15]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-${variant}${hex.slice(16, 19)}-${hex.slice(19, 31)}`;
});

describe('FNV-1a 64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});

describe('deterministic ticket ids', () => {
  it('are the same wherever and whenever they are computed (pinned, so a change of scheme is deliberate)', () => {
    expect(ticketIdFor(ORDER, 'grill', [LINE_A, LINE_B])).toBe(ticketIdFor(ORDER, 'grill', [LINE_A, LINE_B]));
    expect(ticketIdFor(ORDER, 'grill', [LINE_A, LINE_B])).toBe('018bcfe5-6800-725e-ab9e-97b36459b547');
  });

  it('are UUIDv7s that carry the order id time, valid for the event schema', () => {
    fc.assert(
      fc.property(uuid7, fc.string({ minLength: 1, maxLength: 40 }), fc.array(uuid7, { minLength: 1, maxLength: 5 }), (o, st, lines) => {
        const id = ticketIdFor(o, st, lines);
        expect(id).toMatch(UUID_V7_PATTERN);
        expect(TicketId.safeParse(id).success).toBe(true);
        expect(id.slice(0, 13)).toBe(o.slice(0, 13));
      }),
      { numRuns: 500 },
    );
  });

  it('differ for another order, another station, another round of lines, or the lines in another order', () => {
    const base = ticketIdFor(ORDER, 'grill', [LINE_A]);
    const others = [
      ticketIdFor('018bcfe5-6800-7000-8000-000000000002', 'grill', [LINE_A]),
      ticketIdFor(ORDER, 'bar', [LINE_A]),
      ticketIdFor(ORDER, 'grill', [LINE_B]),
      ticketIdFor(ORDER, 'grill', [LINE_A, LINE_B]),
      ticketIdFor(ORDER, 'grill', [LINE_B, LINE_A]),
      // The parts cannot run into each other.
      ticketIdFor(ORDER, `grill","${LINE_A}`, []),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('do not collide across many rounds of one order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(uuid7, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 30, selector: (l) => l.join() }),
        (rounds) => {
          const ids = rounds.map((lines) => ticketIdFor(ORDER, 'grill', lines));
          expect(new Set(ids).size).toBe(rounds.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
