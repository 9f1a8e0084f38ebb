import { arbitrate } from '../arbiter/rules.js';
import type { Trigger } from '../arbiter/types.js';
import type { CurrentEvent, EventOf } from '../events.js';
import { stepPayment, stepTicket } from '../machines/index.js';
import type { OrderEventType } from '../machines/order-machine.js';
import type { PaymentFacts, PaymentState } from '../machines/payment-machine.js';
import { nextOrderState, settledAfterEdit, type FactPatch } from './facts.js';
import { captureSplit, recordCapture } from './money-effects.js';
import {
  activeLines,
  BUSY_TICKET,
  currentPrice,
  firingContent,
  moneyHeld,
  repriced,
  type FoldState,
  type LineState,
  type TicketRecord,
} from './state.js';

/** `repeat`: the event restates what the order already holds; nothing to apply and nothing to resolve. */
type Plan = { refused: Trigger } | { apply: () => void } | { repeat: true };

const refuse = (by: Extract<Trigger, { kind: 'refused' }>['by'], state: string): Plan => ({ refused: { kind: 'refused', by, state } });

/**
 * Folds one event (already in merge order) into the state: the machines decide whether it is legal;
 * the arbiter decides what a refused event does instead and records conflicts on legal ones.
 * Never throws for a well-formed event.
 */
export function foldEvent(s: FoldState, e: CurrentEvent): void {
  const plan = planFor(s, e);
  if ('repeat' in plan) return;
  if ('refused' in plan) {
    const resolution = arbitrate({ s, e, trigger: plan.refused });
    // The table ends with a catch-all; `undefined` here would mean a rule table without it.
    if (!resolution) throw new Error(`no arbiter rule for refused ${e.type}`);
    record(s, e, resolution.rule, resolution.related, resolution.outcome);
    resolution.after?.();
    return;
  }
  const resolution = arbitrate({ s, e, trigger: { kind: 'legal' } });
  if (resolution?.veto) {
    record(s, e, resolution.rule, resolution.related, resolution.outcome);
    return;
  }
  plan.apply();
  if (resolution) record(s, e, resolution.rule, resolution.related, resolution.outcome);
}

function record(s: FoldState, e: CurrentEvent, rule: string, related: readonly string[] | undefined, outcome: string): void {
  s.conflicts.push({ rule, eventIds: [e.id, ...(related ?? [])], outcome });
}

/** Steps the order machine; on success returns the plan that also moves the status. */
function withOrder(s: FoldState, type: OrderEventType, facts: FactPatch, apply: () => void): Plan {
  const next = nextOrderState(s, type, facts);
  if (next === undefined) return refuse('order', s.status);
  return {
    apply: () => {
      apply();
      s.status = next;
    },
  };
}

function planFor(s: FoldState, e: CurrentEvent): Plan {
  if (e.orderId !== s.opening.orderId) return refuse('reference', 'another order');
  switch (e.type) {
    case 'OrderOpened':
      return refuse('reference', 'already opened');
    case 'LineAdded':
      return planLineAdded(s, e);
    case 'LineChanged':
      return planLineChanged(s, e);
    case 'LineVoided':
      return planLineVoided(s, e);
    case 'DiscountApplied':
      return planDiscountApplied(s, e);
    case 'DiscountRemoved': {
      const { discountId } = e.payload;
      if (!s.discounts.has(discountId)) return refuse('reference', s.removedDiscounts.has(discountId) ? 'removed' : 'unknown');
      const edit = () => ({ lines: activeLines(s), discounts: [...s.discounts.values()].filter((d) => d.discountId !== discountId) });
      return withOrder(s, 'DiscountRemoved', { settled: settledAfterEdit(s, edit) }, () => {
        s.discounts.delete(discountId);
        s.removedDiscounts.add(discountId);
        repriced(s);
      });
    }
    case 'OrderNoteSet':
      return withOrder(s, 'OrderNoteSet', {}, () => {
        s.note = e.payload.note === '' ? undefined : e.payload.note;
      });
    case 'OrderTypeChanged':
      return withOrder(s, 'OrderTypeChanged', {}, () => {
        s.orderType = e.payload.orderType;
      });
    case 'OrderGuestSet':
      // Guest details are editable while the order type is (open, placed, paid): see the order machine.
      return withOrder(s, 'OrderGuestSet', {}, () => {
        const { tableNumber, customerName } = e.payload;
        if (tableNumber !== undefined) {
          s.tableNumber = tableNumber ?? undefined;
          s.guestEdits.tableNumber = e;
        }
        if (customerName !== undefined) {
          s.customerName = customerName ?? undefined;
          s.guestEdits.customerName = e;
        }
      });
    case 'OrderPlaced':
      return withOrder(s, 'OrderPlaced', {}, () => {});
    case 'TenderSplit': {
      const due = () => currentPrice(s).totalMinor - s.appliedMinor;
      const sum = e.payload.parts.reduce((acc, p) => acc + p.amountMinor, 0);
      return withOrder(s, 'TenderSplit', { splitMatchesDue: () => sum === due() }, () => {
        s.splitParts = e.payload.parts.map((p) => ({ ...p }));
      });
    }
    case 'PaymentAuthorized':
    case 'PaymentCaptured':
    case 'PaymentFailed':
    case 'PaymentVoided':
    case 'PaymentRefunded':
      return planPayment(s, e);
    case 'PaymentApprovedOffline':
    case 'OfflinePaymentForwarded':
    case 'OfflinePaymentDeclined':
    case 'OfflinePaymentExpired':
      return planOfflinePayment(s, e);
    case 'OfflinePaymentLossResolved':
      return planLossResolved(s, e);
    case 'TicketFired':
      return planTicketFired(s, e);
    case 'TicketStarted':
    case 'TicketReady':
    case 'TicketBumped':
    case 'TicketRecalled':
      return planTicketProgress(s, e);
    case 'TicketCancelAcknowledged':
      return planCancelAcknowledged(s, e);
    case 'TicketLineDone':
    case 'TicketLineUndone':
      return planTicketLineMark(s, e);
    case 'OrderCancelRequested':
      return withOrder(s, 'OrderCancelRequested', {}, () => {
        s.cancelRequest = e;
        for (const ticket of s.tickets.values()) {
          const next = stepTicket(ticket.state, { type: 'OrderCancelRequested' });
          if (next !== undefined && next !== ticket.state) {
            ticket.state = next;
            ticket.cancelledBy = e;
          }
        }
      });
    case 'OrderCancelConfirmed':
      return withOrder(s, 'OrderCancelConfirmed', {}, () => {});
    case 'OrderCompleted':
      return withOrder(s, 'OrderCompleted', {}, () => {});
  }
}

function planLineAdded(s: FoldState, e: EventOf<'LineAdded'>): Plan {
  const p = e.payload;
  if (s.lines.has(p.lineId)) return refuse('reference', 'duplicate line');
  return withOrder(s, 'LineAdded', { hasLines: true, settled: false }, () => {
    s.lines.set(p.lineId, {
      lineId: p.lineId,
      itemId: p.itemId,
      name: p.name,
      quantity: p.quantity,
      unitPriceMinor: p.unitPriceMinor,
      kitchenStation: p.kitchenStation,
      modifiers: p.modifiers,
      tax: p.tax,
      note: p.note,
      measure: p.measure,
      voided: undefined,
      added: e,
      lastEdit: e,
      ticketId: undefined,
    });
    s.activeLineCount += 1;
    repriced(s);
  });
}

function planLineChanged(s: FoldState, e: EventOf<'LineChanged'>): Plan {
  const line = s.lines.get(e.payload.lineId);
  if (!line) return refuse('reference', 'unknown line');
  if (line.voided) return refuse('reference', 'voided line');
  if (line.ticketId !== undefined) return refuse('reference', 'fired line');
  const quantity = e.payload.quantity ?? line.quantity;
  const edit = () => ({ lines: activeLines(s).map((l) => (l === line ? { ...l, quantity } : l)), discounts: [...s.discounts.values()] });
  return withOrder(s, 'LineChanged', { settled: settledAfterEdit(s, edit) }, () => {
    line.quantity = quantity;
    if (e.payload.note !== undefined) line.note = e.payload.note ?? undefined;
    line.lastEdit = e;
    repriced(s);
  });
}

function planLineVoided(s: FoldState, e: EventOf<'LineVoided'>): Plan {
  const line = s.lines.get(e.payload.lineId);
  if (!line) return refuse('reference', 'unknown line');
  if (line.voided) return refuse('reference', 'voided line');
  const edit = () => ({ lines: activeLines(s).filter((l) => l !== line), discounts: [...s.discounts.values()] });
  return withOrder(s, 'LineVoided', { hasLines: s.activeLineCount > 1, settled: settledAfterEdit(s, edit) }, () => {
    line.voided = { reason: e.payload.reason, by: e };
    s.activeLineCount -= 1;
    const ticket = line.ticketId === undefined ? undefined : s.tickets.get(line.ticketId);
    if (ticket) markVoidOnTicket(s, ticket, line);
    repriced(s);
  });
}

function markVoidOnTicket(s: FoldState, ticket: TicketRecord, line: LineState): void {
  if (!ticket.voidedLineIds.includes(line.lineId)) ticket.voidedLineIds.push(line.lineId);
  if (BUSY_TICKET.has(ticket.state))
    s.waste.push({ ticketId: ticket.ticketId, lineId: line.lineId, name: line.name, quantity: line.quantity });
}

function planDiscountApplied(s: FoldState, e: EventOf<'DiscountApplied'>): Plan {
  const p = e.payload;
  if (s.discounts.has(p.discountId) || s.removedDiscounts.has(p.discountId)) return refuse('reference', 'duplicate discount');
  if (p.target.kind === 'line') {
    const line = s.lines.get(p.target.lineId);
    if (!line) return refuse('reference', 'unknown line');
    if (line.voided) return refuse('reference', 'voided line');
  }
  const record = { discountId: p.discountId, target: p.target, amount: p.amount, reason: p.reason };
  const edit = () => ({ lines: activeLines(s), discounts: [...s.discounts.values(), record] });
  return withOrder(s, 'DiscountApplied', { settled: settledAfterEdit(s, edit) }, () => {
    s.discounts.set(p.discountId, record);
    repriced(s);
  });
}

function paymentFacts(s: FoldState, e: CurrentEvent): PaymentFacts {
  if (e.type !== 'PaymentRefunded') return { refundFits: false, fullyRefunded: false };
  const p = s.payments.get(e.payload.paymentId);
  if (!p) return { refundFits: false, fullyRefunded: false };
  const after = p.refundedMinor + e.payload.amountMinor;
  const took = p.amountMinor + p.tipMinor;
  return { refundFits: after <= took, fullyRefunded: after === took };
}

function planPayment(
  s: FoldState,
  e: EventOf<'PaymentAuthorized' | 'PaymentCaptured' | 'PaymentFailed' | 'PaymentVoided' | 'PaymentRefunded'>,
): Plan {
  const { paymentId } = e.payload;
  const existing = s.payments.get(paymentId);
  if (e.type === 'PaymentRefunded') {
    if (s.refundIds.has(e.payload.refundId)) return refuse('reference', 'duplicate refund');
    if (!existing) return refuse('reference', 'unknown payment');
  }
  const paymentState: PaymentState = existing?.state ?? 'none';
  const nextPayment = stepPayment(paymentState, { type: e.type, facts: paymentFacts(s, e) });
  if (nextPayment === undefined) return refuse('payment', paymentState);

  switch (e.type) {
    case 'PaymentAuthorized':
      return withOrder(s, 'PaymentAuthorized', {}, () => {
        s.payments.set(paymentId, {
          paymentId,
          method: e.payload.method,
          state: nextPayment,
          amountMinor: e.payload.amountMinor,
          tipMinor: e.payload.tipMinor,
          refundedMinor: 0,
          roundingMinor: 0,
          changeMinor: 0,
          tenderedMinor: undefined,
          splitPartId: undefined,
          captured: undefined,
          card: e.payload.card,
        });
      });
    case 'PaymentCaptured': {
      const settles = () =>
        s.activeLineCount > 0 && s.appliedMinor + captureSplit(s, e.payload.amountMinor).applied >= currentPrice(s).totalMinor;
      return withOrder(s, 'PaymentCaptured', { settled: settles, moneyHeld: true }, () => {
        recordCapture(s, e);
        if (s.settledBy === undefined && s.activeLineCount > 0 && s.appliedMinor >= currentPrice(s).totalMinor) s.settledBy = e;
      });
    }
    case 'PaymentFailed':
    case 'PaymentVoided':
      return withOrder(s, e.type, {}, () => {
        const record = s.payments.get(paymentId);
        if (record) record.state = nextPayment;
        else {
          s.payments.set(paymentId, {
            paymentId,
            method: 'card',
            state: nextPayment,
            amountMinor: 0,
            tipMinor: 0,
            refundedMinor: 0,
            roundingMinor: 0,
            changeMinor: 0,
            tenderedMinor: undefined,
            splitPartId: undefined,
            captured: undefined,
            card: undefined,
          });
        }
      });
    case 'PaymentRefunded': {
      const amount = e.payload.amountMinor;
      return withOrder(s, 'PaymentRefunded', { moneyHeld: () => moneyHeld(s) - amount > 0 }, () => {
        const record = s.payments.get(paymentId)!;
        record.refundedMinor += amount;
        record.state = nextPayment;
        s.refundedMinor += amount;
        s.refundIds.add(e.payload.refundId);
        s.refunds.push(e);
      });
    }
  }
}

/**
 * Store and forward. An offline approval moves the order as a capture does (it settles the sale and
 * fires the kitchen); forwarding only moves the payment on. A decline or expiry after the sale leaves
 * the order where it is (the goods are gone) and counts the amount as outstanding, owed to the store.
 */
function planOfflinePayment(
  s: FoldState,
  e: EventOf<'PaymentApprovedOffline' | 'OfflinePaymentForwarded' | 'OfflinePaymentDeclined' | 'OfflinePaymentExpired'>,
): Plan {
  const { paymentId } = e.payload;
  const existing = s.payments.get(paymentId);
  if (e.type !== 'PaymentApprovedOffline' && !existing) return refuse('reference', 'unknown payment');
  const paymentState: PaymentState = existing?.state ?? 'none';
  const nextPayment = stepPayment(paymentState, { type: e.type, facts: paymentFacts(s, e) });
  if (nextPayment === undefined) return refuse('payment', paymentState);
  const record = existing!;
  switch (e.type) {
    case 'PaymentApprovedOffline': {
      const settles = () =>
        s.activeLineCount > 0 && s.appliedMinor + captureSplit(s, e.payload.amountMinor).applied >= currentPrice(s).totalMinor;
      return withOrder(s, 'PaymentCaptured', { settled: settles, moneyHeld: true }, () => {
        recordCapture(s, e);
        if (s.settledBy === undefined && s.activeLineCount > 0 && s.appliedMinor >= currentPrice(s).totalMinor) s.settledBy = e;
      });
    }
    case 'OfflinePaymentForwarded':
      return {
        apply: () => {
          record.state = nextPayment;
          if (e.payload.authCode !== undefined) record.card = { ...record.card, authCode: e.payload.authCode };
        },
      };
    case 'OfflinePaymentDeclined':
    case 'OfflinePaymentExpired':
      return {
        apply: () => {
          record.state = nextPayment;
          if (record.offline) record.offline.lostReason = e.payload.reason;
          s.lostMinor += record.amountMinor + record.tipMinor;
        },
      };
  }
}

/**
 * A manager dealt with a payment lost after the sale. The loss stays in the books (money held does not
 * change); only what is still outstanding drops. Once per payment: a second resolution is refused.
 */
function planLossResolved(s: FoldState, e: EventOf<'OfflinePaymentLossResolved'>): Plan {
  const record = s.payments.get(e.payload.paymentId);
  if (!record?.offline) return refuse('reference', 'unknown payment');
  if (record.state !== 'declined_after_sale' && record.state !== 'expired') return refuse('payment', record.state);
  if (record.offline.resolved) return refuse('payment', 'resolved');
  return {
    apply: () => {
      record.offline!.resolved = { note: e.payload.note, approvedBy: e.payload.approvedBy };
      s.resolvedLostMinor += record.amountMinor + record.tipMinor;
    },
  };
}

/**
 * Ticket ids are derived from the order, the station and the lines (`ticketIdFor`), so stations that
 * fire the same order concurrently write the same ticket: a firing identical to one already folded
 * is a repeat, whatever state the ticket or the order has reached since, and one refused already is
 * not refused twice. The same id with other content is a real conflict (ticket-id-reused).
 */
function planTicketFired(s: FoldState, e: EventOf<'TicketFired'>): Plan {
  const p = e.payload;
  const existing = s.tickets.get(p.ticketId);
  const content = firingContent(p.station, p.lineIds);
  if (existing && firingContent(existing.station, existing.lineIds) === content) return { repeat: true };
  const plan = planNewTicket(s, e, existing);
  if ('refused' in plan && !existing) {
    if (s.refusedFirings.get(p.ticketId) === content) return { repeat: true };
    s.refusedFirings.set(p.ticketId, content);
  }
  return plan;
}

function planNewTicket(s: FoldState, e: EventOf<'TicketFired'>, existing: TicketRecord | undefined): Plan {
  const p = e.payload;
  const next = stepTicket(existing?.state ?? 'unfired', { type: 'TicketFired' });
  if (next === undefined) return refuse('ticket', existing?.state ?? 'unfired');
  if (p.lineIds.some((id) => !s.lines.has(id))) return refuse('reference', 'unknown line');
  if (p.lineIds.some((id) => s.lines.get(id)!.ticketId !== undefined)) return refuse('reference', 'fired line');
  return withOrder(s, 'TicketFired', {}, () => {
    const ticket: TicketRecord = {
      ticketId: p.ticketId,
      station: p.station,
      lineIds: [...p.lineIds],
      state: next,
      fired: e,
      firedAt: e.hlc,
      acknowledged: false,
      voidedLineIds: [],
      doneLineIds: new Set(),
      lastProgress: undefined,
      lastBump: undefined,
      recalls: [],
      cancelledBy: undefined,
    };
    s.tickets.set(p.ticketId, ticket);
    for (const id of p.lineIds) {
      const line = s.lines.get(id)!;
      line.ticketId = p.ticketId;
      if (line.voided) ticket.voidedLineIds.push(id);
    }
  });
}

function planTicketProgress(s: FoldState, e: EventOf<'TicketStarted' | 'TicketReady' | 'TicketBumped' | 'TicketRecalled'>): Plan {
  const ticket = s.tickets.get(e.payload.ticketId);
  if (!ticket) return refuse('reference', 'unknown ticket');
  // A recall is a request to see the ticket, even when it repeats one: remembered before any verdict.
  if (e.type === 'TicketRecalled') ticket.recalls.push(e);
  const next = stepTicket(ticket.state, { type: e.type });
  if (next === undefined) return refuse('ticket', ticket.state);
  return {
    apply: () => {
      ticket.state = next;
      if (e.type === 'TicketBumped') {
        ticket.lastBump = e;
        // Handed over: whatever was not ticked off item by item was done too.
        for (const id of ticket.lineIds) ticket.doneLineIds.add(id);
      } else if (e.type !== 'TicketRecalled') ticket.lastProgress = e;
    },
  };
}

/**
 * A cook ticks one item of a ticket off, or takes the tick back. Only while the ticket is being
 * worked on (started, ready or recalled): not queued (start it first), not once bumped (bumping
 * counted every item done) and not while it is being cancelled. A repeat is a harmless no-op, as two
 * screens of the same station may tick the same item.
 */
function planTicketLineMark(s: FoldState, e: EventOf<'TicketLineDone' | 'TicketLineUndone'>): Plan {
  const { ticketId, lineId } = e.payload;
  const ticket = s.tickets.get(ticketId);
  if (!ticket) return refuse('reference', 'unknown ticket');
  if (!ticket.lineIds.includes(lineId)) return refuse('reference', 'line not on ticket');
  if (!BUSY_TICKET.has(ticket.state)) return refuse('ticket', ticket.state);
  return {
    apply: () => {
      if (e.type === 'TicketLineDone') ticket.doneLineIds.add(lineId);
      else ticket.doneLineIds.delete(lineId);
    },
  };
}

function planCancelAcknowledged(s: FoldState, e: EventOf<'TicketCancelAcknowledged'>): Plan {
  const ticket = s.tickets.get(e.payload.ticketId);
  if (!ticket) return refuse('reference', 'unknown ticket');
  const next = stepTicket(ticket.state, { type: 'TicketCancelAcknowledged' });
  if (next === undefined) return refuse('ticket', ticket.state);
  const stillWaiting = () => {
    for (const t of s.tickets.values()) if (t !== ticket && t.state === 'cancel_pending') return true;
    return false;
  };
  return withOrder(s, 'TicketCancelAcknowledged', { awaitingKitchen: stillWaiting }, () => {
    ticket.state = next;
    ticket.acknowledged = true;
    for (const id of ticket.lineIds) {
      const line = s.lines.get(id);
      if (line && !line.voided) s.waste.push({ ticketId: ticket.ticketId, lineId: id, name: line.name, quantity: line.quantity });
    }
  });
}
