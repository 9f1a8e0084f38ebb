import type { CurrentEvent } from '../events.js';
import { arbiterOrderEvent } from '../fold/facts.js';
import { recordCapture, captureSplit } from '../fold/money-effects.js';
import { BUSY_TICKET, busyTickets, type FoldState } from '../fold/state.js';
import { GUARD_TEXT, stepTicket, TRANSITIONS } from '../machines/index.js';
import { formatMoney } from '../money.js';
import { saw } from '../version-vector.js';
import { lineIdOf, paymentIdOf, short, ticketIdOf } from './refs.js';
import type { ArbiterContext, ArbiterRule, Match, Trigger } from './types.js';

const money = (s: FoldState, minor: number) => formatMoney(minor, s.opening.payload.currency);
const refused = (ctx: ArbiterContext, by?: string): boolean =>
  ctx.trigger.kind === 'refused' && (by === undefined || ctx.trigger.by === by);
const CANCEL_STATES: ReadonlySet<string> = new Set(['cancel_requested', 'cancelled', 'refund_pending', 'refunded']);
const KITCHEN_PROGRESS: ReadonlySet<string> = new Set(['TicketStarted', 'TicketReady', 'TicketBumped']);
const TICKET_ACTIONS: ReadonlySet<string> = new Set(['TicketStarted', 'TicketReady', 'TicketBumped', 'TicketRecalled']);

function otherCaptures(s: FoldState, except: string): string[] {
  const ids: string[] = [];
  for (const p of s.payments.values()) if (p.captured && p.paymentId !== except) ids.push(p.captured.id);
  return ids;
}

function lineName(s: FoldState, e: CurrentEvent): string {
  const id = lineIdOf(e);
  const line = id === undefined ? undefined : s.lines.get(id);
  return line ? `"${line.name}"` : `line ${short(id ?? '')}`;
}

/** The event a repeated action repeats, or undefined when it is not a repeat. */
function repeated(s: FoldState, e: CurrentEvent): string | undefined {
  switch (e.type) {
    case 'LineVoided':
      return s.lines.get(e.payload.lineId)?.voided ? `line ${lineName(s, e)} was already voided` : undefined;
    case 'OrderCancelRequested':
      return CANCEL_STATES.has(s.status) ? 'the order is already being cancelled' : undefined;
    case 'OrderPlaced':
      return s.status === 'placed' ? 'the order was already placed' : undefined;
    case 'OrderCompleted':
      return s.status === 'completed' ? 'the order was already completed' : undefined;
    case 'TicketStarted':
    case 'TicketReady':
    case 'TicketBumped':
    case 'TicketRecalled':
    case 'TicketCancelAcknowledged': {
      const state = s.tickets.get(e.payload.ticketId)?.state;
      const target = {
        TicketStarted: 'in_progress',
        TicketReady: 'ready',
        TicketBumped: 'bumped',
        TicketRecalled: 'recalled',
        TicketCancelAcknowledged: 'cancelled',
      }[e.type];
      return state === target ? `ticket ${short(e.payload.ticketId)} is already ${state.replace('_', ' ')}` : undefined;
    }
    case 'PaymentRefunded':
      return s.refundIds.has(e.payload.refundId) ? `refund ${short(e.payload.refundId)} was already recorded` : undefined;
    case 'PaymentAuthorized':
    case 'PaymentFailed':
    case 'PaymentVoided': {
      const state = s.payments.get(e.payload.paymentId)?.state;
      const target = { PaymentAuthorized: 'authorized', PaymentFailed: 'failed', PaymentVoided: 'voided' }[e.type];
      return state === target ? `payment ${short(e.payload.paymentId)} is already ${state}` : undefined;
    }
    case 'DiscountApplied':
      return s.discounts.has(e.payload.discountId) || s.removedDiscounts.has(e.payload.discountId)
        ? `discount ${short(e.payload.discountId)} was already applied`
        : undefined;
    case 'DiscountRemoved':
      return s.removedDiscounts.has(e.payload.discountId) ? `discount ${short(e.payload.discountId)} was already removed` : undefined;
    default:
      return undefined;
  }
}

/**
 * The arbiter: one ordered table of deterministic rules. For every event the fold cannot simply
 * apply, the first rule that matches decides, and its resolution is recorded in `view.conflicts`.
 * The last rule matches every refused event, so each conflict gets exactly one resolution.
 * Rules read only the folded state and the event (with its version vector), so every replica that
 * folds the same events resolves the same way.
 */
export const ARBITER_RULES = [
  {
    name: 'event-id-reused',
    on: ['refused'],
    events: 'any',
    conflict: 'Two different events carry the same event id.',
    resolution: 'The one first in merge order stands; the other is ignored.',
    match: (ctx) =>
      refused(ctx, 'dedupe') ? { outcome: `another event already has this id (from ${ctx.other?.origin ?? '?'}): ignored` } : undefined,
  },
  {
    name: 'foreign-event',
    on: ['refused'],
    events: 'any',
    conflict: 'An event of another order was folded into this one.',
    resolution: 'Ignored.',
    match: ({ s, e, trigger }) =>
      trigger.kind === 'refused' && e.orderId !== s.opening.orderId
        ? { outcome: `belongs to order ${short(e.orderId)}: ignored` }
        : undefined,
  },
  {
    name: 'duplicate-channel-order',
    on: ['refused'],
    events: ['OrderOpened'],
    conflict: 'A web or app order is submitted twice with the same idempotency key (both land on one order id).',
    resolution:
      'The first submission stands; the repeat is ignored, and its lines (same line ids) are ignored as duplicate-line-id, so nothing is charged twice.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || e.type !== 'OrderOpened') return undefined;
      const key = e.payload.channelOrderKey;
      if (key === undefined || key !== s.opening.payload.channelOrderKey) return undefined;
      return { related: [s.opening.id], outcome: `channel order "${key}" was submitted again: the first submission stands` };
    },
  },
  {
    name: 'duplicate-open',
    on: ['refused'],
    events: ['OrderOpened'],
    conflict: 'A second opening event for the same order.',
    resolution: 'The opening first in merge order stands.',
    match: ({ s, e, trigger }) =>
      trigger.kind === 'refused' && e.type === 'OrderOpened'
        ? { related: [s.opening.id], outcome: 'the earlier opening stands' }
        : undefined,
  },
  {
    name: 'duplicate-line-id',
    on: ['refused'],
    events: ['LineAdded'],
    conflict: 'Two line additions with the same line id (a resubmitted channel order, a replayed command).',
    resolution: 'The first line stands; the repeat is not charged.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || e.type !== 'LineAdded') return undefined;
      const line = s.lines.get(e.payload.lineId);
      return line ? { related: [line.added.id], outcome: 'the first line with this id stands' } : undefined;
    },
  },
  {
    name: 'unknown-reference',
    on: ['refused'],
    events: [
      'LineChanged',
      'LineVoided',
      'DiscountApplied',
      'DiscountRemoved',
      'TicketFired',
      'TicketStarted',
      'TicketReady',
      'TicketBumped',
      'TicketRecalled',
      'TicketCancelAcknowledged',
      'TicketLineDone',
      'TicketLineUndone',
      'PaymentRefunded',
    ],
    conflict: 'An event names a line, ticket, payment or discount this order does not have.',
    resolution: 'Ignored.',
    match: (ctx) => {
      if (!refused(ctx, 'reference')) return undefined;
      const { s, e } = ctx;
      const lineId = lineIdOf(e);
      if (lineId !== undefined && e.type !== 'LineAdded' && !s.lines.has(lineId))
        return { outcome: `ignored: no line ${short(lineId)} in this order` };
      if (e.type === 'TicketFired') {
        const missing = e.payload.lineIds.find((id) => !s.lines.has(id));
        if (missing !== undefined) return { outcome: `ignored: no line ${short(missing)} in this order` };
      }
      const ticketId = ticketIdOf(e);
      if (ticketId !== undefined && e.type !== 'TicketFired' && !s.tickets.has(ticketId))
        return { outcome: `ignored: no ticket ${short(ticketId)} in this order` };
      if (
        (e.type === 'TicketLineDone' || e.type === 'TicketLineUndone') &&
        !s.tickets.get(e.payload.ticketId)?.lineIds.includes(e.payload.lineId)
      ) {
        return { outcome: `ignored: line ${short(e.payload.lineId)} is not on ticket ${short(e.payload.ticketId)}` };
      }
      const paymentId = paymentIdOf(e);
      if (paymentId !== undefined && e.type === 'PaymentRefunded' && !s.payments.has(paymentId)) {
        return { outcome: `ignored: no payment ${short(paymentId)} in this order` };
      }
      if (e.type === 'DiscountRemoved' && !s.discounts.has(e.payload.discountId) && !s.removedDiscounts.has(e.payload.discountId)) {
        return { outcome: `ignored: no discount ${short(e.payload.discountId)} in this order` };
      }
      return undefined;
    },
  },
  {
    name: 'duplicate-payment',
    on: ['refused'],
    events: ['PaymentCaptured', 'PaymentAuthorized'],
    conflict: 'The same payment is captured twice (a retried capture, a replayed saga step).',
    resolution: 'Counted once.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || trigger.by !== 'payment' || (e.type !== 'PaymentCaptured' && e.type !== 'PaymentAuthorized'))
        return undefined;
      const p = s.payments.get(e.payload.paymentId);
      if (!p || (p.state !== 'captured' && p.state !== 'refunded')) return undefined;
      return { related: p.captured ? [p.captured.id] : [], outcome: `payment ${short(p.paymentId)} was already captured: counted once` };
    },
  },
  {
    name: 'duplicate-fire',
    on: ['refused'],
    events: ['TicketFired'],
    conflict:
      'Two stations fire the same lines concurrently as different tickets: their routing sent the lines to different kitchen stations, or the tickets predate derived ticket ids (the same lines to the same station are one ticket and no conflict).',
    resolution: 'The ticket first in merge order stands; the other is ignored, so nothing is cooked twice.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || e.type !== 'TicketFired' || s.tickets.has(e.payload.ticketId)) return undefined;
      const fired = e.payload.lineIds.map((id) => s.lines.get(id)?.ticketId).find((t) => t !== undefined);
      const ticket = fired === undefined ? undefined : s.tickets.get(fired);
      if (!ticket) return undefined;
      return {
        related: [ticket.fired.id],
        outcome: `those lines already went out on ticket ${short(ticket.ticketId)}: this ticket is ignored`,
      };
    },
  },
  {
    name: 'ticket-id-reused',
    on: ['refused'],
    events: ['TicketFired'],
    conflict:
      'A firing carries the id of a ticket already fired with other lines or to another station. Ticket ids are derived from the order, the station and the lines, so two stations firing the same lines write one ticket and no conflict; this is a bug signal, not a race.',
    resolution: 'The ticket first in merge order stands; the other firing is ignored.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || e.type !== 'TicketFired') return undefined;
      const ticket = s.tickets.get(e.payload.ticketId);
      if (!ticket) return undefined;
      const what = ticket.station === e.payload.station ? 'with other lines' : `to ${ticket.station}, not ${e.payload.station}`;
      return { related: [ticket.fired.id], outcome: `ticket ${short(ticket.ticketId)} was already fired ${what}: this firing is ignored` };
    },
  },
  {
    name: 'line-after-payment',
    on: ['refused'],
    events: ['LineAdded'],
    conflict: 'A line is added to an order that is already paid (a second till did not see the payment).',
    resolution: 'The line is not charged and does not go to the kitchen; ring it up as a new order.',
    match: ({ s, e, trigger }) => {
      if (
        trigger.kind !== 'refused' ||
        trigger.by !== 'order' ||
        e.type !== 'LineAdded' ||
        (s.status !== 'paid' && s.status !== 'completed')
      )
        return undefined;
      return {
        related: s.settledBy ? [s.settledBy.id] : [],
        outcome: `line "${e.payload.name}" was added after payment and is not charged`,
      };
    },
  },
  {
    name: 'edit-after-payment',
    on: ['refused'],
    events: ['LineChanged', 'LineVoided', 'DiscountApplied', 'DiscountRemoved'],
    conflict: 'A line is changed or voided, or a discount applied, after the order was paid.',
    resolution: 'Ignored: the paid amount stands; give money back with a refund instead.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || trigger.by !== 'order' || (s.status !== 'paid' && s.status !== 'completed')) return undefined;
      if (!['LineChanged', 'LineVoided', 'DiscountApplied', 'DiscountRemoved'].includes(e.type)) return undefined;
      return { related: s.settledBy ? [s.settledBy.id] : [], outcome: `the order is already paid: ${e.type} ignored; refund instead` };
    },
  },
  {
    name: 'void-wins-over-edit',
    on: ['refused', 'legal'],
    events: ['LineChanged', 'DiscountApplied', 'LineVoided'],
    conflict: 'A line is voided at one till while another changes it (quantity, note, discount).',
    resolution: 'The void wins in either merge order: the line stays voided and uncharged.',
    match: ({ s, e, trigger }) => {
      const lineId = lineIdOf(e);
      const line = lineId === undefined ? undefined : s.lines.get(lineId);
      if (!line) return undefined;
      if (trigger.kind === 'refused' && line.voided && (e.type === 'LineChanged' || e.type === 'DiscountApplied')) {
        const concurrently = !saw(e, line.voided.by);
        return {
          related: [line.voided.by.id],
          outcome: `line "${line.name}" was voided${concurrently ? ' concurrently' : ''}: the void wins, ${e.type} ignored`,
        };
      }
      if (trigger.kind === 'legal' && e.type === 'LineVoided' && line.lastEdit.type === 'LineChanged' && !saw(e, line.lastEdit)) {
        return { related: [line.lastEdit.id], outcome: `line "${line.name}" was changed concurrently: the void wins` };
      }
      return undefined;
    },
  },
  {
    name: 'change-after-fired',
    on: ['refused'],
    events: ['LineChanged'],
    conflict: 'A line is changed after its ticket went to the kitchen.',
    resolution: 'Ignored: the kitchen cannot un-make it; void the line and add a new one (a new ticket fires).',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || e.type !== 'LineChanged') return undefined;
      const line = s.lines.get(e.payload.lineId);
      const ticket = line?.ticketId === undefined ? undefined : s.tickets.get(line.ticketId);
      if (!line || !ticket) return undefined;
      return {
        related: [ticket.fired.id],
        outcome: `the kitchen already has "${line.name}" (ticket ${short(ticket.ticketId)}): change ignored; void it and add a new line`,
      };
    },
  },
  {
    name: 'bump-vs-recall',
    on: ['legal'],
    events: ['TicketBumped', 'TicketRecalled'],
    conflict: 'One kitchen screen bumps a ticket while another recalls it.',
    resolution: 'The recall wins in either merge order: the ticket stays on the screen (hiding food that is still wanted is worse).',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'legal') return undefined;
      const ticket = s.tickets.get(ticketIdOf(e) ?? '');
      if (!ticket) return undefined;
      const unseen = e.type === 'TicketBumped' ? ticket.recalls.filter((r) => !saw(e, r)) : [];
      if (unseen.length > 0) {
        return {
          veto: true,
          related: unseen.map((r) => r.id),
          outcome: `ticket ${short(ticket.ticketId)} was recalled concurrently: the recall wins, it stays on the screen`,
        };
      }
      if (e.type === 'TicketRecalled' && ticket.lastBump && !saw(e, ticket.lastBump)) {
        return {
          related: [ticket.lastBump.id],
          outcome: `ticket ${short(ticket.ticketId)} was bumped concurrently: the recall wins, it is back on the screen`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'cancel-vs-kitchen-start',
    on: ['refused', 'legal'],
    events: ['TicketStarted', 'TicketReady', 'TicketBumped', 'OrderCancelRequested'],
    conflict: 'A cancellation (mobile, web, till) and a kitchen start happen concurrently, in either merge order.',
    resolution:
      'The order is "cancel requested"; the ticket flashes CANCELLED on the KDS until a cook acknowledges, and what was made is recorded as waste. A refund is owed if it was paid.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind === 'refused' && trigger.by === 'ticket' && KITCHEN_PROGRESS.has(e.type)) {
        const ticket = s.tickets.get(ticketIdOf(e) ?? '');
        if (!ticket || ticket.state !== 'cancelled' || ticket.acknowledged || !ticket.cancelledBy || saw(e, ticket.cancelledBy))
          return undefined;
        const cancel = ticket.cancelledBy;
        return {
          related: [cancel.id],
          outcome: `the kitchen started ticket ${short(ticket.ticketId)} concurrently with the cancellation: it flashes CANCELLED until a cook acknowledges; waste is recorded`,
          after: () => {
            ticket.state = stepTicket(ticket.state, { type: 'arbiter.startedLate' }) ?? ticket.state;
            ticket.lastProgress = e;
            arbiterOrderEvent(s, 'arbiter.kitchenStartedLate');
          },
        };
      }
      if (trigger.kind === 'legal' && e.type === 'OrderCancelRequested') {
        const unseen = busyTickets(s).filter((t) => t.lastProgress && !saw(e, t.lastProgress));
        if (unseen.length === 0) return undefined;
        return {
          related: unseen.map((t) => t.lastProgress!.id),
          outcome: `the kitchen started ${unseen.map((t) => `ticket ${short(t.ticketId)}`).join(', ')} concurrently with the cancellation: it flashes CANCELLED until a cook acknowledges; waste is recorded`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'cancel-after-kitchen-start',
    on: ['legal'],
    events: ['OrderCancelRequested'],
    conflict: 'A cancellation is requested by someone who saw that the kitchen already started.',
    resolution: 'Same as a concurrent one: "cancel requested", ticket flashes CANCELLED until acknowledged, waste recorded.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'legal' || e.type !== 'OrderCancelRequested') return undefined;
      const busy = busyTickets(s);
      if (busy.length === 0) return undefined;
      return {
        related: busy.flatMap((t) => (t.lastProgress ? [t.lastProgress.id] : [])),
        outcome: `cancel requested after the kitchen started ${busy.map((t) => `ticket ${short(t.ticketId)}`).join(', ')}: it flashes CANCELLED until a cook acknowledges; waste is recorded`,
      };
    },
  },
  {
    name: 'kitchen-after-cancel',
    on: ['refused'],
    events: ['TicketStarted', 'TicketReady', 'TicketBumped', 'TicketRecalled'],
    conflict: 'The kitchen works a ticket it already knew was cancelled, or one waiting for acknowledgement.',
    resolution: 'Ignored: the ticket stays cancelled.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || trigger.by !== 'ticket' || !TICKET_ACTIONS.has(e.type)) return undefined;
      const ticket = s.tickets.get(ticketIdOf(e) ?? '');
      if (!ticket || (ticket.state !== 'cancelled' && ticket.state !== 'cancel_pending')) return undefined;
      return {
        related: ticket.cancelledBy ? [ticket.cancelledBy.id] : [],
        outcome: `ticket ${short(ticket.ticketId)} is cancelled: ${e.type} ignored`,
      };
    },
  },
  {
    name: 'item-mark-off-screen',
    on: ['refused'],
    events: ['TicketLineDone', 'TicketLineUndone'],
    conflict: 'A cook ticks an item off or back on a ticket another screen already bumped, that was cancelled, or that nobody started.',
    resolution:
      'Ignored: a bumped ticket counts every item done and a cancelled one needs none; recall or start the ticket to tick its items.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || trigger.by !== 'ticket' || (e.type !== 'TicketLineDone' && e.type !== 'TicketLineUndone'))
        return undefined;
      const ticket = s.tickets.get(e.payload.ticketId);
      if (!ticket) return undefined;
      const by = ticket.state === 'bumped' ? ticket.lastBump : ticket.cancelledBy;
      return {
        related: by ? [by.id] : [],
        outcome: `ticket ${short(ticket.ticketId)} is ${ticket.state.replace('_', ' ')}: ${e.type} ignored`,
      };
    },
  },
  {
    name: 'cancel-vs-payment',
    on: ['refused', 'legal'],
    events: ['PaymentCaptured', 'PaymentApprovedOffline', 'OrderCancelRequested'],
    conflict: 'A payment is captured (or approved offline) concurrently with a cancellation, in either merge order.',
    resolution:
      'The payment wins (the money moved): it is recorded, and the cancellation becomes a refund request (status refund pending once the kitchen is settled).',
    match: ({ s, e, trigger }) => {
      if (trigger.kind === 'refused' && trigger.by === 'order' && (e.type === 'PaymentCaptured' || e.type === 'PaymentApprovedOffline')) {
        const cancel = s.cancelRequest;
        if (!CANCEL_STATES.has(s.status) || !cancel || saw(e, cancel)) return undefined;
        return {
          related: [cancel.id],
          outcome: `payment of ${money(s, e.payload.amountMinor + e.payload.tipMinor)} was captured concurrently with the cancellation: the payment stands and is owed back as a refund`,
          after: () => {
            recordCapture(s, e);
            arbiterOrderEvent(s, 'arbiter.refundOwed');
          },
        };
      }
      if (trigger.kind === 'legal' && e.type === 'OrderCancelRequested') {
        const unseen = [...s.payments.values()].filter(
          (p) => p.captured && (p.state === 'captured' || p.state === 'offline_approved') && !saw(e, p.captured),
        );
        if (unseen.length === 0) return undefined;
        const total = unseen.reduce((sum, p) => sum + p.amountMinor + p.tipMinor - p.refundedMinor, 0);
        return {
          related: unseen.map((p) => p.captured!.id),
          outcome: `the cancellation was concurrent with a payment of ${money(s, total)}: the payment stands; the cancellation becomes a refund request`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'payment-after-cancel',
    on: ['refused'],
    events: ['PaymentCaptured', 'PaymentApprovedOffline'],
    conflict: 'A payment is captured (or approved offline) by someone who had seen the cancellation.',
    resolution: 'The money is recorded and owed back as a refund.',
    match: ({ s, e, trigger }) => {
      const isPayment = e.type === 'PaymentCaptured' || e.type === 'PaymentApprovedOffline';
      if (trigger.kind !== 'refused' || trigger.by !== 'order' || !isPayment || !CANCEL_STATES.has(s.status)) return undefined;
      return {
        related: s.cancelRequest ? [s.cancelRequest.id] : [],
        outcome: `payment of ${money(s, e.payload.amountMinor + e.payload.tipMinor)} was taken on a cancelled order: owed back as a refund`,
        after: () => {
          recordCapture(s, e);
          arbiterOrderEvent(s, 'arbiter.refundOwed');
        },
      };
    },
  },
  {
    name: 'tenders-exceed-total',
    on: ['refused', 'legal'],
    events: ['PaymentCaptured', 'PaymentApprovedOffline'],
    conflict: 'Two tenders (two tills, split payments) together exceed what is due.',
    resolution: 'Both payments stand (the money moved); the excess is shown as overpaid and owed back to the customer.',
    match: ({ s, e, trigger }) => {
      if (e.type !== 'PaymentCaptured' && e.type !== 'PaymentApprovedOffline') return undefined;
      if (trigger.kind === 'refused' && trigger.by === 'order' && (s.status === 'paid' || s.status === 'completed')) {
        return {
          related: otherCaptures(s, e.payload.paymentId),
          outcome: `the order was already paid: ${money(s, e.payload.amountMinor)} more was captured and is owed back`,
          after: () => recordCapture(s, e),
        };
      }
      if (trigger.kind === 'legal') {
        const { excess } = captureSplit(s, e.payload.amountMinor);
        if (excess === 0) return undefined;
        return {
          related: otherCaptures(s, e.payload.paymentId),
          outcome: `tenders exceed the total by ${money(s, excess)}: owed back to the customer`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'refund-exceeds-payment',
    on: ['refused'],
    events: ['PaymentRefunded'],
    conflict: 'A refund larger than what its payment took (or of a payment never captured), e.g. two concurrent refunds.',
    resolution: 'Ignored: refunds never exceed the money received.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused' || trigger.by !== 'payment' || e.type !== 'PaymentRefunded') return undefined;
      const p = s.payments.get(e.payload.paymentId);
      if (!p) return undefined;
      if (p.state !== 'captured' && p.state !== 'refunded') return { outcome: `ignored: payment ${short(p.paymentId)} was never captured` };
      const left = p.amountMinor + p.tipMinor - p.refundedMinor;
      return {
        related: p.captured ? [p.captured.id] : [],
        outcome: `ignored: refund of ${money(s, e.payload.amountMinor)} exceeds the ${money(s, left)} left on payment ${short(p.paymentId)}`,
      };
    },
  },
  {
    name: 'concurrent-line-edit',
    on: ['legal'],
    events: ['LineChanged'],
    conflict: 'Two tills change the same line concurrently (adds never conflict: lines have ids and merge as a set).',
    resolution: 'The change later in merge order wins; both are kept in the log.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'legal' || e.type !== 'LineChanged') return undefined;
      const line = s.lines.get(e.payload.lineId);
      if (!line || line.lastEdit.type !== 'LineChanged' || saw(e, line.lastEdit)) return undefined;
      return { related: [line.lastEdit.id], outcome: `line "${line.name}" was changed concurrently: the later change in merge order wins` };
    },
  },
  {
    name: 'concurrent-guest-edit',
    on: ['legal'],
    events: ['OrderGuestSet'],
    conflict: 'Two tills (or a till and a channel) set the table or the guest name concurrently, to different values.',
    resolution: 'Field by field, the set later in merge order wins; both are kept in the log.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'legal' || e.type !== 'OrderGuestSet') return undefined;
      const shown = (value: string | null | undefined) => (value == null ? 'cleared' : `"${value}"`);
      const related: string[] = [];
      const clashes: string[] = [];
      for (const [field, label] of [
        ['tableNumber', 'table'],
        ['customerName', 'guest name'],
      ] as const) {
        const next = e.payload[field];
        const previous = s.guestEdits[field];
        if (next === undefined || !previous || saw(e, previous) || previous.payload[field] === next) continue;
        if (!related.includes(previous.id)) related.push(previous.id);
        clashes.push(`${label} ${shown(previous.payload[field])} and ${shown(next)}`);
      }
      if (clashes.length === 0) return undefined;
      return { related, outcome: `set concurrently: ${clashes.join(', ')}; the later in merge order stands` };
    },
  },
  {
    name: 'void-after-fired',
    on: ['legal'],
    events: ['LineVoided', 'TicketFired'],
    conflict: 'A line is voided after its ticket was fired (or fired while being voided).',
    resolution: 'The void stands (not charged); the KDS shows the line struck through as VOID; work already started is recorded as waste.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'legal') return undefined;
      if (e.type === 'LineVoided') {
        const line = s.lines.get(e.payload.lineId);
        const ticket = line?.ticketId === undefined ? undefined : s.tickets.get(line.ticketId);
        if (!line || !ticket) return undefined;
        const waste = BUSY_TICKET.has(ticket.state) ? '; work already started is waste' : '';
        return {
          related: [ticket.fired.id],
          outcome: `"${line.name}" voided after ticket ${short(ticket.ticketId)} was fired: shown as VOID on the KDS${waste}`,
        };
      }
      if (e.type === 'TicketFired') {
        const voided = e.payload.lineIds.map((id) => s.lines.get(id)).filter((l) => l?.voided);
        if (voided.length === 0) return undefined;
        return {
          related: voided.map((l) => l!.voided!.by.id),
          outcome: `${voided.map((l) => `"${l!.name}"`).join(', ')} voided concurrently with firing: shown as VOID on the KDS`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'duplicate-action',
    on: ['refused'],
    events: 'any',
    conflict: 'The same step is taken twice (two voids, two cancels, two bumps, a replayed refund).',
    resolution: 'The repeat is ignored.',
    match: ({ s, e, trigger }) => {
      if (trigger.kind !== 'refused') return undefined;
      const what = repeated(s, e);
      return what === undefined ? undefined : { outcome: `ignored: ${what}` };
    },
  },
  {
    name: 'illegal-transition',
    on: ['refused'],
    events: 'any',
    conflict: 'Any other event that is not allowed where the merge log puts it.',
    resolution: 'Ignored, with the state (and the unmet guard) that refused it.',
    match: ({ e, trigger }) => {
      if (trigger.kind !== 'refused') return undefined;
      if (trigger.by === 'reference' || trigger.by === 'dedupe') return { outcome: `ignored: ${e.type} (${trigger.state})` };
      const where = `while the ${trigger.by} is ${trigger.state.replace('_', ' ')}`;
      const machine = trigger.by === 'order' || trigger.by === 'ticket' || trigger.by === 'payment' ? TRANSITIONS[trigger.by] : [];
      const guards = machine
        .filter((row) => row.from === trigger.state && row.event === e.type && row.guard)
        .map((row) => GUARD_TEXT[row.guard!] ?? row.guard!);
      return {
        outcome:
          guards.length > 0 ? `ignored: ${e.type} needs ${guards.join(' or ')} ${where}` : `ignored: ${e.type} is not allowed ${where}`,
      };
    },
  },
] as const satisfies readonly ArbiterRule[];

export type RuleName = (typeof ARBITER_RULES)[number]['name'];

export interface Resolution extends Match {
  rule: RuleName;
}

/** For each verdict and event type, the rules that can match, in table order. */
const INDEX = new Map<string, readonly ArbiterRule[]>();
function candidates(kind: Trigger['kind'], type: string): readonly ArbiterRule[] {
  const key = `${kind}:${type}`;
  let list = INDEX.get(key);
  if (!list) {
    list = (ARBITER_RULES as readonly ArbiterRule[]).filter(
      (r) => r.on.includes(kind) && (r.events === 'any' || (r.events as readonly string[]).includes(type)),
    );
    INDEX.set(key, list);
  }
  return list;
}

/** The first matching rule, in table order. Refused events always match (the last rule catches all). */
export function arbitrate(ctx: ArbiterContext): Resolution | undefined {
  for (const rule of candidates(ctx.trigger.kind, ctx.e.type)) {
    const m = rule.match(ctx);
    if (m) return { ...m, rule: rule.name as RuleName };
  }
  return undefined;
}
