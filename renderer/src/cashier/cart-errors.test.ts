import { describe, expect, it } from 'vitest';
import { describeCartError } from './cart-errors.js';

describe('describeCartError', () => {
  const scan = { kind: 'barcode', barcode: '4006381333932' } as const;

  it("shows the station's own message", () => {
    const message = 'Barcode 4006381333932 failed its check digit (expected 1, got 2): scan again';
    expect(describeCartError({ code: 'invalid_barcode', message }, scan)).toBe(message);
    expect(describeCartError({ code: 'internal', message: 'Lost the connection to the station' }, null)).toBe(
      'Lost the connection to the station',
    );
  });

  it('words it by error code when the station sent no message', () => {
    expect(describeCartError({ code: 'invalid_barcode', message: '' }, scan)).toBe('Barcode 4006381333932 is not valid — scan it again');
    expect(describeCartError({ code: 'unknown_barcode', message: ' ' }, scan)).toBe('No item has barcode 4006381333932');
    expect(describeCartError({ code: 'insufficient_tender', message: '' }, null)).toBe('Cash tendered is less than the total');
    expect(describeCartError({ code: 'too_large', message: '' }, null)).toBe('The station could not do that');
  });
});
