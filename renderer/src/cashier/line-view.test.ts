import { describe, expect, it } from 'vitest';
import { makeLine, makeOrder } from '../testing/fake-station.js';
import { canTakePayment, isFired, modifierText, unsentKitchenLines, voidApproval } from './line-view.js';

describe('line view helpers', () => {
  const burger = {
    ...makeLine({ itemId: 'burger', name: 'Burger', unitPriceMinor: 1190, kitchenStation: 'grill' }),
    modifiers: [
      { groupId: 'doneness', optionId: 'medium', name: 'Medium', priceDeltaMinor: 0 },
      { groupId: 'extras', optionId: 'cheese', name: 'Cheddar', priceDeltaMinor: 100 },
    ],
  };
  const fired = { ...makeLine({ itemId: 'latte', name: 'Latte', unitPriceMinor: 390, kitchenStation: 'bar' }), ticketId: 't-1' };
  const water = makeLine({ itemId: 'water', name: 'Water', unitPriceMinor: 150 });

  it('tells fired lines and unsent kitchen lines apart; counter items are never sent', () => {
    expect(isFired(fired)).toBe(true);
    expect(isFired(burger)).toBe(false);
    expect(unsentKitchenLines(makeOrder({ lines: [burger, fired, water] }))).toBe(1);
  });

  it('lists modifiers in order', () => {
    expect(modifierText(burger)).toBe('Medium, Cheddar');
    expect(modifierText(water)).toBe('');
  });

  it('takes payment only for an open or placed order that owes money', () => {
    expect(canTakePayment(makeOrder({ lines: [water], dueMinor: 150 }))).toBe(true);
    expect(canTakePayment(makeOrder({ status: 'placed', lines: [water], dueMinor: 150 }))).toBe(true);
    expect(canTakePayment(makeOrder({ lines: [water], dueMinor: 0 }))).toBe(false);
    expect(canTakePayment(makeOrder({ status: 'paid', lines: [water], dueMinor: 0 }))).toBe(false);
    expect(canTakePayment(makeOrder({ lines: [], dueMinor: 0 }))).toBe(false);
    expect(canTakePayment(null)).toBe(false);
  });

  it('asks for the approval the core will want before voiding a fired line', () => {
    const manager = { id: 'morgan', name: 'Morgan', role: 'manager' as const };
    const cashier = { id: 'alex', name: 'Alex', role: 'cashier' as const };
    const signedIn = (who: typeof manager | typeof cashier | null) => ({ requireSignIn: true, signedIn: who, signedInAt: who ? 1 : null });
    expect(voidApproval(burger, signedIn(cashier))).toBe('none');
    expect(voidApproval(fired, signedIn(cashier))).toBe('manager-pin');
    expect(voidApproval(fired, signedIn(manager))).toBe('manager-pin');
    expect(voidApproval(fired, { requireSignIn: false, signedIn: null, signedInAt: null })).toBe('approver-name');
    expect(voidApproval(fired, null)).toBe('none');
  });
});
