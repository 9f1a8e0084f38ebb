import { describe, expect, it } from 'vitest';
import type { TicketView } from '../../../shared/order-view.js';
import { staffOutcome } from './staff-wording.js';

const ticket = (ticketId: string, station: string): TicketView => ({
  ticketId,
  station,
  status: 'cancel_pending',
  lineIds: [],
  voidedLineIds: [],
  doneLineIds: [],
  firedAt: '0',
  flashCancelled: true,
});

describe('arbiter outcomes in staff words', () => {
  const order = {
    tickets: [ticket('018f0000-0000-7000-8000-0000007e702a', 'bar'), ticket('018f0000-0000-7000-8000-00000000beef', 'grill')],
  };

  it('names a ticket by its kitchen station, never by its id', () => {
    expect(
      staffOutcome(
        {
          outcome:
            'cancel requested after the kitchen started ticket 7e702a, ticket 00beef: it flashes CANCELLED until a cook acknowledges; waste is recorded',
        },
        order,
      ),
    ).toBe(
      'Cancel requested after the kitchen started the Bar ticket, the Grill ticket: it flashes CANCELLED until a cook acknowledges; waste is recorded',
    );
  });

  it('drops ids it cannot name', () => {
    const text = staffOutcome(
      { outcome: 'ignored: refund exceeds what is left on payment 3f9a1c; ticket 123abc is cancelled' },
      { tickets: [] },
    );
    expect(text).toBe('Ignored: refund exceeds what is left on a payment; a kitchen ticket is cancelled');
    expect(text).not.toMatch(/[0-9a-f]{6}/);
  });

  it('leaves plain words after "ticket" alone', () => {
    expect(staffOutcome({ outcome: 'the ticket flashes CANCELLED; ticket acknowledged' }, order)).toBe(
      'The ticket flashes CANCELLED; ticket acknowledged',
    );
  });
});
