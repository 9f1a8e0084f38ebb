import { orderStatusWords } from '../../../shared/status-words.js';
import type { CurrentNewEvent } from '../../../shared/events.js';
import type { OrderView } from '../../../shared/order-view.js';
import { ticketsToFire, type LineRouter } from './firing.js';
import { fail, type ServiceResult } from './result.js';
import { orderStep, requireOrder, requireTicket, ticketStep } from './rules.js';
import type { OrderWriter } from './writer.js';

export type KitchenAction = 'TicketStarted' | 'TicketReady' | 'TicketBumped' | 'TicketRecalled' | 'TicketCancelAcknowledged';

/** Ticket states in which items can be ticked off and back, as the fold allows (started, ready, recalled). */
const LINE_MARKABLE: ReadonlySet<string> = new Set(['in_progress', 'ready', 'recalled']);

const VERB: Readonly<Record<KitchenAction, string>> = {
  TicketStarted: 'start',
  TicketReady: 'mark ready',
  TicketBumped: 'bump',
  TicketRecalled: 'recall',
  TicketCancelAcknowledged: 'acknowledge the cancellation of',
};

/** What a cook does to a ticket on the KDS: one event, checked against the ticket machine first. */
export class KitchenService {
  constructor(private readonly writer: OrderWriter) {}

  start(orderId: string, ticketId: string): ServiceResult<OrderView> {
    return this.act(orderId, ticketId, 'TicketStarted');
  }
  ready(orderId: string, ticketId: string): ServiceResult<OrderView> {
    return this.act(orderId, ticketId, 'TicketReady');
  }
  bump(orderId: string, ticketId: string): ServiceResult<OrderView> {
    return this.act(orderId, ticketId, 'TicketBumped');
  }
  recall(orderId: string, ticketId: string): ServiceResult<OrderView> {
    return this.act(orderId, ticketId, 'TicketRecalled');
  }
  acknowledgeCancel(orderId: string, ticketId: string): ServiceResult<OrderView> {
    return this.act(orderId, ticketId, 'TicketCancelAcknowledged');
  }

  /**
   * Ticks one item of a ticket off. Tapping an item of a ticket nobody started yet starts it in the
   * same write (the cook is evidently working on it). Ticking an item that is already ticked, as a
   * second screen of the same station may, changes nothing and is not an error.
   */
  lineDone(orderId: string, ticketId: string, lineId: string): ServiceResult<OrderView> {
    return this.markLine(orderId, ticketId, lineId, true);
  }

  /** Takes an item's tick back while the ticket is still on the screen (not bumped). */
  lineUndone(orderId: string, ticketId: string, lineId: string): ServiceResult<OrderView> {
    return this.markLine(orderId, ticketId, lineId, false);
  }

  /**
   * Sends the lines of a placed or paid order that are on no ticket yet to their stations, as this
   * station's routing decides: how web and mobile orders, which arrive without tickets, reach the
   * kitchen. Ticket ids are derived from the order and its lines, so two stations doing this for the
   * same pulled order agree on one ticket per station.
   */
  fireRouted(orderId: string, route: LineRouter): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      if (view.status !== 'placed' && view.status !== 'paid') {
        return fail(
          'invalid_state',
          `Order #${view.ticketNumber} is ${orderStatusWords(view.status)}; only placed or paid orders go to the kitchen`,
        );
      }
      const events = ticketsToFire(view, route);
      if (events.length === 0) return fail('invalid_state', `Order #${view.ticketNumber} has nothing new for the kitchen`);
      const step = orderStep(view, 'TicketFired', `send order #${view.ticketNumber} to the kitchen`);
      if (!step.ok) return step;
      return { ok: true, events };
    });
  }

  private markLine(orderId: string, ticketId: string, lineId: string, done: boolean): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const target = requireTicket(view, ticketId);
      if (!target.ok) return target;
      const { ticket } = target;
      if (!ticket.lineIds.includes(lineId))
        return fail('not_found', `That item is not on the ${ticket.station} ticket of order #${view.ticketNumber}`);
      const name =
        view.lines.find((l) => l.lineId === lineId)?.name ?? view.voidedLines.find((l) => l.lineId === lineId)?.name ?? 'that item';
      if (ticket.voidedLineIds.includes(lineId)) return fail('invalid_state', `${name} was voided; there is nothing to make`);
      const action = `${done ? 'tick off' : 'take back the tick on'} ${name} on the ${ticket.station} ticket of order #${view.ticketNumber}`;
      if (ticket.doneLineIds.includes(lineId) === done && LINE_MARKABLE.has(ticket.status)) return { ok: true, events: [] };
      const events: CurrentNewEvent[] = [];
      if (done && ticket.status === 'queued') {
        const started = ticketStep(ticket, 'TicketStarted', action);
        if (!started.ok) return started;
        events.push({ type: 'TicketStarted', v: 1, payload: { ticketId } });
      } else if (!LINE_MARKABLE.has(ticket.status)) {
        const why =
          ticket.status === 'bumped' ? 'the ticket was bumped (recall it first)' : `the ticket is ${ticket.status.replace('_', ' ')}`;
        return fail('invalid_state', `Cannot ${action}: ${why}`);
      }
      events.push({ type: done ? 'TicketLineDone' : 'TicketLineUndone', v: 1, payload: { ticketId, lineId } });
      return { ok: true, events };
    });
  }

  private act(orderId: string, ticketId: string, type: KitchenAction): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found);
      if (!order.ok) return order;
      const view = order.view;
      const target = requireTicket(view, ticketId);
      if (!target.ok) return target;
      const { ticket } = target;
      const action = `${VERB[type]} the ${ticket.station} ticket of order #${view.ticketNumber}`;
      const step = ticketStep(ticket, type, action);
      if (!step.ok) return step;
      if (type === 'TicketCancelAcknowledged') {
        // The order machine also steps on an acknowledgement (it may finish the cancellation).
        const awaitingKitchen = view.tickets.some((t) => t.ticketId !== ticketId && t.status === 'cancel_pending');
        const order = orderStep(view, type, action, { awaitingKitchen });
        if (!order.ok) return order;
      }
      return { ok: true, events: [{ type, v: 1, payload: { ticketId } }] };
    });
  }
}
