import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../shared/ipc/command-names.js';
import { needsSignIn, tillGuard } from './till-guard.js';

describe('the till guard', () => {
  it('gates selling, payments, the drawer and shifts, never the kitchen, diagnostics or sign-in', () => {
    const gated = COMMAND_NAMES.filter(needsSignIn);
    expect(gated).toEqual(
      expect.arrayContaining([
        'order.addLine',
        'order.payCash',
        'order.refundCash',
        'payment.startCard',
        'drawer.open',
        'shift.open',
        'shift.close',
      ]),
    );
    for (const open of [
      'staff.signIn',
      'staff.list',
      'staff.current',
      'staff.signOut',
      'orders.listActive',
      'catalog.list',
      'ticket.bump',
      'sync.status',
      'payment.status',
    ] as const) {
      expect(gated).not.toContain(open);
    }
  });

  it('lets everything through when sign-in is not required', () => {
    const guard = tillGuard({ requireSignIn: () => false, isSignedIn: () => false, hasOpenShift: () => false, touch: () => {} });
    expect(guard('order.payCash')).toBeUndefined();
  });

  it('asks for a sign-in first, then for an open shift before cash moves', () => {
    let signedIn = false;
    const touched: string[] = [];
    const guard = tillGuard({
      requireSignIn: () => true,
      isSignedIn: () => signedIn,
      hasOpenShift: () => false,
      touch: () => touched.push('t'),
    });
    expect(guard('order.payCash')).toMatchObject({ code: 'not_signed_in' });
    signedIn = true;
    expect(guard('order.payCash')).toMatchObject({ code: 'no_open_shift' });
    expect(guard('order.addLine')).toBeUndefined();
    // Working the till keeps the person signed in; a read such as the catalog does not.
    expect(touched).toHaveLength(2);
    expect(guard('catalog.list')).toBeUndefined();
    expect(touched).toHaveLength(2);
  });
});
