/** The current version of every event type, in one place for the catalogue and the upcasters. */
export {
  DiscountApplied,
  DiscountRemoved,
  LineAdded,
  LineChanged,
  LineVoided,
  OrderCancelConfirmed,
  OrderCancelRequested,
  OrderCompleted,
  OrderGuestSet,
  OrderNoteSet,
  OrderOpened,
  OrderPlaced,
  OrderTypeChanged,
} from './order-events.js';
export {
  OfflinePaymentDeclined,
  OfflinePaymentExpired,
  OfflinePaymentForwarded,
  OfflinePaymentLossResolved,
  PaymentApprovedOffline,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
  PaymentVoided,
  TenderSplit,
} from './payment-events.js';
export {
  TicketBumped,
  TicketCancelAcknowledged,
  TicketFired,
  TicketLineDone,
  TicketLineUndone,
  TicketReady,
  TicketRecalled,
  TicketStarted,
} from './kitchen-events.js';
