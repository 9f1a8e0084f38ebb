import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../shared/hlc.js';
import { formatAge, ticketAgeMs, urgency } from './ticket-age.js';

describe('ticket age', () => {
  const opened = encodeHlc({ wallMs: 1_750_000_000_000, counter: 3 });

  it('measures from the opening HLC and never goes negative', () => {
    expect(ticketAgeMs(opened, 1_750_000_000_000 + 90_000)).toBe(90_000);
    expect(ticketAgeMs(opened, 1_750_000_000_000 - 5_000)).toBe(0);
    expect(ticketAgeMs('garbage', 1)).toBe(0);
  });

  it('formats for reading at a distance', () => {
    expect(formatAge(59_999)).toBe('just now');
    expect(formatAge(7 * 60_000 + 30_000)).toBe('7 min');
    expect(formatAge(65 * 60_000)).toBe('1 h 05 min');
  });

  it('flags tickets that wait too long', () => {
    expect(urgency(60_000)).toBe('fresh');
    expect(urgency(8 * 60_000)).toBe('waiting');
    expect(urgency(20 * 60_000)).toBe('late');
  });
});
