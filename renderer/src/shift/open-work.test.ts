import { describe, expect, it } from 'vitest';
import { openWorkWarnings } from './open-work.js';

describe('shift close warning', () => {
  it('says nothing when nothing is open', () => {
    expect(openWorkWarnings({ openOrders: 0, liveKitchenTickets: 0 })).toEqual([]);
  });

  it('counts open orders and live kitchen tickets, singular and plural', () => {
    expect(openWorkWarnings({ openOrders: 1, liveKitchenTickets: 3 })).toEqual([
      '1 open order not paid yet (see Open orders)',
      '3 kitchen tickets still on the kitchen screen',
    ]);
    expect(openWorkWarnings({ openOrders: 2, liveKitchenTickets: 1 })).toEqual([
      '2 open orders not paid yet (see Open orders)',
      '1 kitchen ticket still on the kitchen screen',
    ]);
  });
});
