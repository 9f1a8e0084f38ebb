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
  OrderNoteSet,
  OrderOpened,
  OrderPlaced,
  OrderTypeChanged,
} from './order-events.js';
export { PaymentAuthorized, PaymentCaptured, PaymentFailed, PaymentRefunded, PaymentVoided, TenderSplit } from './payment-events.js';
export { TicketBumped, TicketCancelAcknowledged, TicketFired, TicketReady, TicketRecalled, TicketStarted } from './kitchen-events.js';
