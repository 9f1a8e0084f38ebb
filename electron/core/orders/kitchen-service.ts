import type { OrderView } from '../../../shared/order-view.js';
import type { ServiceResult } from './result.js';
import { orderStep, requireOrder, requireTicket, ticketStep } from './rules.js';
import type { OrderWriter } from './writer.js';

export type KitchenAction = 'TicketStarted' | 'TicketReady' | 'TicketBumped' | 'TicketRecalled' | 'TicketCancelAcknowledged';

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

  private act(orderId: string, ticketId: string, type: KitchenAction): ServiceResult<OrderView> {
    return this.writer.write(orderId, (found) => {
      const order = requireOrder(found, orderId);
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
