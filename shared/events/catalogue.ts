import { z } from 'zod';
import * as current from './current.js';
import { LineAddedV1, OrderOpenedV1, PaymentCapturedV1 } from './legacy.js';
import { lineAddedV1toV2, orderOpenedV1toV2, paymentCapturedV1toV2 } from './upcasters.js';

/** Every event at its current version: what the fold, the UIs and new writers work with. */
export const CurrentEvent = z.discriminatedUnion('type', [
  current.OrderOpened,
  current.LineAdded,
  current.LineChanged,
  current.LineVoided,
  current.OrderNoteSet,
  current.OrderTypeChanged,
  current.OrderGuestSet,
  current.DiscountApplied,
  current.DiscountRemoved,
  current.OrderPlaced,
  current.TenderSplit,
  current.PaymentAuthorized,
  current.PaymentCaptured,
  current.PaymentFailed,
  current.PaymentVoided,
  current.PaymentRefunded,
  current.PaymentApprovedOffline,
  current.OfflinePaymentForwarded,
  current.OfflinePaymentDeclined,
  current.OfflinePaymentExpired,
  current.OfflinePaymentLossResolved,
  current.OrderCancelRequested,
  current.OrderCancelConfirmed,
  current.OrderCompleted,
  current.TicketFired,
  current.TicketStarted,
  current.TicketReady,
  current.TicketBumped,
  current.TicketRecalled,
  current.TicketCancelAcknowledged,
  current.TicketLineDone,
  current.TicketLineUndone,
]);
export type CurrentEvent = z.infer<typeof CurrentEvent>;
export type EventType = CurrentEvent['type'];

type Versioned = z.ZodType<{ type: string; v: number }>;

/** All versions of one type, newest last; `upcast[i]` turns version i+1 into version i+2. */
interface TypeEntry {
  versions: readonly Versioned[];
  upcast: readonly ((event: never) => unknown)[];
}

const single = (schema: Versioned): TypeEntry => ({ versions: [schema], upcast: [] });

/**
 * The catalogue: for each type, every version this build can read and the upcasters between them.
 * A type or version missing here is refused at the edge with a message naming `type` or `v`.
 */
export const EVENT_CATALOGUE: Readonly<Record<EventType, TypeEntry>> = {
  OrderOpened: { versions: [OrderOpenedV1, current.OrderOpened], upcast: [orderOpenedV1toV2] },
  LineAdded: { versions: [LineAddedV1, current.LineAdded], upcast: [lineAddedV1toV2] },
  LineChanged: single(current.LineChanged),
  LineVoided: single(current.LineVoided),
  OrderNoteSet: single(current.OrderNoteSet),
  OrderTypeChanged: single(current.OrderTypeChanged),
  OrderGuestSet: single(current.OrderGuestSet),
  DiscountApplied: single(current.DiscountApplied),
  DiscountRemoved: single(current.DiscountRemoved),
  OrderPlaced: single(current.OrderPlaced),
  TenderSplit: single(current.TenderSplit),
  PaymentAuthorized: single(current.PaymentAuthorized),
  PaymentCaptured: { versions: [PaymentCapturedV1, current.PaymentCaptured], upcast: [paymentCapturedV1toV2] },
  PaymentFailed: single(current.PaymentFailed),
  PaymentVoided: single(current.PaymentVoided),
  PaymentRefunded: single(current.PaymentRefunded),
  PaymentApprovedOffline: single(current.PaymentApprovedOffline),
  OfflinePaymentForwarded: single(current.OfflinePaymentForwarded),
  OfflinePaymentDeclined: single(current.OfflinePaymentDeclined),
  OfflinePaymentExpired: single(current.OfflinePaymentExpired),
  OfflinePaymentLossResolved: single(current.OfflinePaymentLossResolved),
  OrderCancelRequested: single(current.OrderCancelRequested),
  OrderCancelConfirmed: single(current.OrderCancelConfirmed),
  OrderCompleted: single(current.OrderCompleted),
  TicketFired: single(current.TicketFired),
  TicketStarted: single(current.TicketStarted),
  TicketReady: single(current.TicketReady),
  TicketBumped: single(current.TicketBumped),
  TicketRecalled: single(current.TicketRecalled),
  TicketCancelAcknowledged: single(current.TicketCancelAcknowledged),
  TicketLineDone: single(current.TicketLineDone),
  TicketLineUndone: single(current.TicketLineUndone),
};

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

export function currentVersion(type: EventType): number {
  return EVENT_CATALOGUE[type].versions.length;
}

const inputField = (input: unknown, key: string): unknown =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;

/** All readable versions of one type, so an unknown `v` is refused with a message naming it. */
function versionsOf<const S extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  type: EventType,
  schemas: S,
) {
  const newest = schemas.length;
  return z.discriminatedUnion('v', schemas, {
    error: (issue) => {
      const v = inputField(issue.input, 'v');
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
        return `v: must be a positive integer schema version, got ${JSON.stringify(v)}`;
      if (v > newest)
        return `v: ${type} v${v} is newer than this build understands (it reads v1–v${newest}); no upcaster, upgrade to read it`;
      return `v: ${type} v${v} is not a known version`;
    },
  });
}

/**
 * Any event this build can read, at the version it was written: what logs store and sync carries.
 * Old versions stay as written (the server and stations persist the bytes they received); use
 * `upcastEvent` or `EventFromWire` to get the current shape.
 */
export const DomainEvent = z.discriminatedUnion(
  'type',
  [
    versionsOf('OrderOpened', [OrderOpenedV1, current.OrderOpened]),
    versionsOf('LineAdded', [LineAddedV1, current.LineAdded]),
    versionsOf('LineChanged', [current.LineChanged]),
    versionsOf('LineVoided', [current.LineVoided]),
    versionsOf('OrderNoteSet', [current.OrderNoteSet]),
    versionsOf('OrderTypeChanged', [current.OrderTypeChanged]),
    versionsOf('OrderGuestSet', [current.OrderGuestSet]),
    versionsOf('DiscountApplied', [current.DiscountApplied]),
    versionsOf('DiscountRemoved', [current.DiscountRemoved]),
    versionsOf('OrderPlaced', [current.OrderPlaced]),
    versionsOf('TenderSplit', [current.TenderSplit]),
    versionsOf('PaymentAuthorized', [current.PaymentAuthorized]),
    versionsOf('PaymentCaptured', [PaymentCapturedV1, current.PaymentCaptured]),
    versionsOf('PaymentFailed', [current.PaymentFailed]),
    versionsOf('PaymentVoided', [current.PaymentVoided]),
    versionsOf('PaymentRefunded', [current.PaymentRefunded]),
    versionsOf('PaymentApprovedOffline', [current.PaymentApprovedOffline]),
    versionsOf('OfflinePaymentForwarded', [current.OfflinePaymentForwarded]),
    versionsOf('OfflinePaymentDeclined', [current.OfflinePaymentDeclined]),
    versionsOf('OfflinePaymentExpired', [current.OfflinePaymentExpired]),
    versionsOf('OfflinePaymentLossResolved', [current.OfflinePaymentLossResolved]),
    versionsOf('OrderCancelRequested', [current.OrderCancelRequested]),
    versionsOf('OrderCancelConfirmed', [current.OrderCancelConfirmed]),
    versionsOf('OrderCompleted', [current.OrderCompleted]),
    versionsOf('TicketFired', [current.TicketFired]),
    versionsOf('TicketStarted', [current.TicketStarted]),
    versionsOf('TicketReady', [current.TicketReady]),
    versionsOf('TicketBumped', [current.TicketBumped]),
    versionsOf('TicketRecalled', [current.TicketRecalled]),
    versionsOf('TicketCancelAcknowledged', [current.TicketCancelAcknowledged]),
    versionsOf('TicketLineDone', [current.TicketLineDone]),
    versionsOf('TicketLineUndone', [current.TicketLineUndone]),
  ],
  {
    error: (issue) => {
      if ((issue.code as string) === 'invalid_type') return 'event must be a JSON object';
      const type = inputField(issue.input, 'type');
      return typeof type === 'string' ? `type: unknown event type "${type.slice(0, 64)}"` : 'type: must be an event type name';
    },
  },
);
export type DomainEvent = z.infer<typeof DomainEvent>;

/** Brings a stored event of any readable version to the current version; current events pass through untouched. */
export function upcastEvent(event: DomainEvent): CurrentEvent {
  const entry = EVENT_CATALOGUE[event.type];
  let out: { v: number } = event;
  for (let v = event.v; v < entry.versions.length; v++) out = (entry.upcast[v - 1] as (e: unknown) => { v: number })(out);
  return out as CurrentEvent;
}
