import type { CurrentEvent } from '../events.js';

/** The line, ticket or payment an event refers to, whatever its type. */
export function lineIdOf(e: CurrentEvent): string | undefined {
  switch (e.type) {
    case 'LineAdded':
    case 'LineChanged':
    case 'LineVoided':
      return e.payload.lineId;
    case 'DiscountApplied':
      return e.payload.target.kind === 'line' ? e.payload.target.lineId : undefined;
    default:
      return undefined;
  }
}

export function ticketIdOf(e: CurrentEvent): string | undefined {
  switch (e.type) {
    case 'TicketFired':
    case 'TicketStarted':
    case 'TicketReady':
    case 'TicketBumped':
    case 'TicketRecalled':
    case 'TicketCancelAcknowledged':
    case 'TicketLineDone':
    case 'TicketLineUndone':
      return e.payload.ticketId;
    default:
      return undefined;
  }
}

export function paymentIdOf(e: CurrentEvent): string | undefined {
  switch (e.type) {
    case 'PaymentAuthorized':
    case 'PaymentCaptured':
    case 'PaymentFailed':
    case 'PaymentVoided':
    case 'PaymentRefunded':
    case 'PaymentApprovedOffline':
    case 'OfflinePaymentForwarded':
    case 'OfflinePaymentDeclined':
    case 'OfflinePaymentExpired':
    case 'OfflinePaymentLossResolved':
      return e.payload.paymentId;
    default:
      return undefined;
  }
}

export const short = (id: string): string => id.slice(-6);
