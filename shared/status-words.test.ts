import { describe, expect, it } from 'vitest';
import { ORDER_STATES } from './machines/order-machine.js';
import { orderStatusWords } from './status-words.js';

describe('order status in staff words', () => {
  it('has plain words for every status, never the internal name', () => {
    for (const status of ORDER_STATES) {
      expect(orderStatusWords(status)).not.toMatch(/_/);
    }
    expect(orderStatusWords('cancel_requested')).toBe('being cancelled');
  });
});
