import type { EventOf } from '../events.js';
import { type Scenario } from '../scenario.js';
import type { RuleName } from './rules.js';

export interface RuleExample {
  /** What happens, in the words of the people at the counter and in the kitchen. */
  story: string;
  /** Writes the story's events; folding them must record a conflict under the rule. */
  build(sc: Scenario): void;
}

const placedWithTicket = (sc: Scenario) => {
  sc.open('web', { channel: 'mobile', orderType: 'takeout' });
  const burger = sc.line('web', { name: 'Burger', priceMinor: 1290, station: 'grill' });
  sc.cash('web', 1290);
  const fired = sc.fire('station-a', 'grill', [burger.payload.lineId]);
  return { burger, ticketId: fired.payload.ticketId };
};

const opened = (sc: Scenario): EventOf<'LineAdded'> => {
  sc.open('station-a');
  return sc.line('station-a', { name: 'Latte', priceMinor: 380, station: 'bar' });
};

/** One worked example per arbiter rule: rendered into docs/arbiter-rules.md and folded by a test. */
export const RULE_EXAMPLES: Readonly<Record<RuleName, RuleExample>> = {
  'event-id-reused': {
    story: 'A faulty integration sends a second, different line with the id of an existing event.',
    build: (sc) => {
      const latte = opened(sc);
      sc.line('web', { name: 'Muffin', priceMinor: 290 }, { id: latte.id });
    },
  },
  'foreign-event': {
    story: "A line of another order is folded into this one (a caller's bug).",
    build: (sc) => {
      opened(sc);
      sc.line('station-a', { name: 'Muffin', priceMinor: 290 }, { orderId: sc.id() });
    },
  },
  'duplicate-channel-order': {
    story: 'The app times out and resubmits order "app-7f3a" with the same idempotency key; both submissions land on the same order id.',
    build: (sc) => {
      sc.open('mobile', { channel: 'mobile', channelOrderKey: 'app-7f3a' });
      sc.open('mobile', { channel: 'mobile', channelOrderKey: 'app-7f3a' }, { sees: [] });
    },
  },
  'duplicate-open': {
    story: 'Two tills open the same order id (a restored backup reused an id).',
    build: (sc) => {
      sc.open('station-a');
      sc.open('station-b', { ticketNumber: 2 }, { sees: [] });
    },
  },
  'duplicate-line-id': {
    story: 'The web shop replays "add Latte" with the same line id after a lost response.',
    build: (sc) => {
      const latte = opened(sc);
      sc.line('web', { name: 'Latte', priceMinor: 380, lineId: latte.payload.lineId });
    },
  },
  'unknown-reference': {
    story: 'A void names a line that is not in this order.',
    build: (sc) => {
      opened(sc);
      sc.emit('station-a', { type: 'LineVoided', v: 1, payload: { lineId: sc.id(), reason: 'mistake' } });
    },
  },
  'duplicate-payment': {
    story: 'The card saga retries "capture" after a timeout, with the same payment id.',
    build: (sc) => {
      opened(sc);
      const paymentId = sc.id();
      sc.cash('station-a', 380, { paymentId });
      sc.cash('station-a', 380, { paymentId });
    },
  },
  'duplicate-fire': {
    story:
      'The cashier sends the Latte to the bar while the expo, whose routing still sends coffee to the pass, fires it there before either sees the other.',
    build: (sc) => {
      const latte = opened(sc);
      sc.place('station-a');
      const before = sc.snapshot();
      sc.fire('station-a', 'bar', [latte.payload.lineId]);
      sc.fire('expo', 'pass', [latte.payload.lineId], { sees: before });
    },
  },
  'ticket-id-reused': {
    story: 'A faulty integration fires a Croissant to the bar under the id of the Latte ticket the bar already has.',
    build: (sc) => {
      const latte = opened(sc);
      const croissant = sc.line('station-a', { name: 'Croissant', priceMinor: 220, station: 'bar' });
      sc.place('station-a');
      const { ticketId } = sc.fire('station-a', 'bar', [latte.payload.lineId]).payload;
      sc.fire('web', 'bar', [croissant.payload.lineId], { ticketId });
    },
  },
  'line-after-payment': {
    story: 'Till A takes payment; till B, offline, adds a Croissant to the same order.',
    build: (sc) => {
      opened(sc);
      const before = sc.snapshot();
      sc.cash('station-a', 380);
      sc.line('station-b', { name: 'Croissant', priceMinor: 220 }, { sees: before });
    },
  },
  'edit-after-payment': {
    story: 'Till B voids the Latte without having seen that till A already took payment.',
    build: (sc) => {
      const latte = opened(sc);
      const before = sc.snapshot();
      sc.cash('station-a', 380);
      sc.emit(
        'station-b',
        { type: 'LineVoided', v: 1, payload: { lineId: latte.payload.lineId, reason: 'customer changed mind' } },
        { sees: before },
      );
    },
  },
  'void-wins-over-edit': {
    story: 'Till A voids the Latte while till B, concurrently, changes it to 2 Lattes.',
    build: (sc) => {
      sc.open('station-a');
      sc.line('station-a', { name: 'Croissant', priceMinor: 220 });
      const latte = sc.line('station-a', { name: 'Latte', priceMinor: 380 });
      const before = sc.snapshot();
      sc.emit('station-a', { type: 'LineVoided', v: 1, payload: { lineId: latte.payload.lineId, reason: 'mistake' } });
      sc.emit('station-b', { type: 'LineChanged', v: 1, payload: { lineId: latte.payload.lineId, quantity: 2 } }, { sees: before });
    },
  },
  'change-after-fired': {
    story: 'The Latte is already on the bar screen when a till changes it to 2.',
    build: (sc) => {
      const latte = opened(sc);
      sc.place('station-a');
      sc.fire('station-a', 'bar', [latte.payload.lineId]);
      sc.emit('station-a', { type: 'LineChanged', v: 1, payload: { lineId: latte.payload.lineId, quantity: 2 } });
    },
  },
  'bump-vs-recall': {
    story:
      'Two grill screens bump the same ready ticket; between the two bumps the expo recalls it, without the second screen having seen the recall.',
    build: (sc) => {
      const { ticketId } = placedWithTicket(sc);
      sc.kitchen('kds-grill', 'TicketReady', ticketId);
      const ready = sc.snapshot();
      sc.kitchen('kds-grill', 'TicketBumped', ticketId);
      sc.kitchen('expo', 'TicketRecalled', ticketId);
      sc.kitchen('kds-grill-2', 'TicketBumped', ticketId, { sees: ready });
    },
  },
  'cancel-vs-kitchen-start': {
    story: 'The customer cancels in the app while the grill cook, not yet aware, starts the burger.',
    build: (sc) => {
      const { ticketId } = placedWithTicket(sc);
      const before = sc.snapshot();
      sc.cancel('mobile', 'customer cancelled in the app');
      sc.kitchen('kds-grill', 'TicketStarted', ticketId, { sees: before });
    },
  },
  'cancel-after-kitchen-start': {
    story: 'The cashier cancels an order whose burger is already on the grill.',
    build: (sc) => {
      const { ticketId } = placedWithTicket(sc);
      sc.kitchen('kds-grill', 'TicketStarted', ticketId);
      sc.cancel('station-a', 'customer left');
    },
  },
  'kitchen-after-cancel': {
    story: 'A cook marks a ticket ready after the screen already showed it cancelled and acknowledged.',
    build: (sc) => {
      const { ticketId } = placedWithTicket(sc);
      sc.kitchen('kds-grill', 'TicketStarted', ticketId);
      sc.cancel('mobile');
      sc.kitchen('kds-grill', 'TicketCancelAcknowledged', ticketId);
      sc.kitchen('kds-grill', 'TicketReady', ticketId);
    },
  },
  'item-mark-off-screen': {
    story: 'The grill cook ticks the burger off on one screen just after the expo bumped the whole ticket, which already counted it done.',
    build: (sc) => {
      const { burger, ticketId } = placedWithTicket(sc);
      sc.kitchen('kds-grill', 'TicketStarted', ticketId);
      const started = sc.snapshot();
      sc.kitchen('expo', 'TicketBumped', ticketId);
      sc.emit('kds-grill', { type: 'TicketLineDone', v: 1, payload: { ticketId, lineId: burger.payload.lineId } }, { sees: started });
    },
  },
  'cancel-vs-payment': {
    story: 'The customer cancels a web order in the app while, at the counter, the same order is paid in cash.',
    build: (sc) => {
      sc.open('web', { channel: 'web' });
      sc.line('web', { name: 'Pizza', priceMinor: 1100, station: 'oven' });
      sc.place('web');
      const before = sc.snapshot();
      sc.cancel('web', 'customer cancelled on the website');
      sc.cash('station-a', 1100, { sees: before });
    },
  },
  'payment-after-cancel': {
    story: 'A cashier takes cash for an order the screen already shows as cancelled.',
    build: (sc) => {
      opened(sc);
      sc.cancel('station-a');
      sc.cash('station-b', 380);
    },
  },
  'tenders-exceed-total': {
    story: 'Two tills each take the full €3.80 in cash for the same order while the network is down.',
    build: (sc) => {
      opened(sc);
      const before = sc.snapshot();
      sc.cash('station-a', 380);
      sc.cash('station-b', 380, { sees: before });
    },
  },
  'refund-exceeds-payment': {
    story: 'Two managers each refund the full €3.80 payment at the same time.',
    build: (sc) => {
      opened(sc);
      const payment = sc.cash('station-a', 380);
      const before = sc.snapshot();
      const refund = (origin: string, sees?: typeof before) =>
        sc.emit(
          origin,
          {
            type: 'PaymentRefunded',
            v: 1,
            payload: { refundId: sc.id(), paymentId: payment.payload.paymentId, amountMinor: 380, reason: 'cold coffee' },
          },
          sees ? { sees } : {},
        );
      refund('station-a');
      refund('station-b', before);
    },
  },
  'concurrent-line-edit': {
    story: 'Till A sets the Latte to 2, till B concurrently sets it to 3.',
    build: (sc) => {
      const latte = opened(sc);
      const before = sc.snapshot();
      sc.emit('station-a', { type: 'LineChanged', v: 1, payload: { lineId: latte.payload.lineId, quantity: 2 } });
      sc.emit('station-b', { type: 'LineChanged', v: 1, payload: { lineId: latte.payload.lineId, quantity: 3 } }, { sees: before });
    },
  },
  'concurrent-guest-edit': {
    story: 'Till A seats the order at table 4 while till B, not yet synced, moves it to table 7.',
    build: (sc) => {
      opened(sc);
      const before = sc.snapshot();
      sc.emit('station-a', { type: 'OrderGuestSet', v: 1, payload: { tableNumber: '4' } });
      sc.emit('station-b', { type: 'OrderGuestSet', v: 1, payload: { tableNumber: '7' } }, { sees: before });
    },
  },
  'void-after-fired': {
    story: 'A dine-in table sends its order to the bar, then the guest cancels the Latte.',
    build: (sc) => {
      sc.open('station-a', { orderType: 'dine_in' });
      const latte = sc.line('station-a', { name: 'Latte', priceMinor: 380, station: 'bar' });
      sc.line('station-a', { name: 'Croissant', priceMinor: 220 });
      sc.place('station-a');
      const ticket = sc.fire('station-a', 'bar', [latte.payload.lineId]);
      sc.kitchen('kds-bar', 'TicketStarted', ticket.payload.ticketId);
      sc.emit('station-a', { type: 'LineVoided', v: 1, payload: { lineId: latte.payload.lineId, reason: 'guest changed mind' } });
    },
  },
  'duplicate-action': {
    story: 'Two tills void the same line concurrently.',
    build: (sc) => {
      const latte = opened(sc);
      const before = sc.snapshot();
      const voidIt = (origin: string) => ({
        type: 'LineVoided' as const,
        v: 1 as const,
        payload: { lineId: latte.payload.lineId, reason: `voided at ${origin}` },
      });
      sc.emit('station-a', voidIt('station-a'));
      sc.emit('station-b', voidIt('station-b'), { sees: before });
    },
  },
  'illegal-transition': {
    story: 'A till marks an unpaid order completed.',
    build: (sc) => {
      opened(sc);
      sc.emit('station-a', { type: 'OrderCompleted', v: 1, payload: {} });
    },
  },
};
