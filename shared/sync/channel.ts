import { z } from 'zod';
import { CatalogItemId } from '../catalog.js';
import { ChosenModifier, LineTax, OrderId, OrderType } from '../events.js';
import { CurrencyCode, MinorUnits } from '../money.js';
import { OrderView } from '../order-view.js';

/**
 * Channel ingress (web shop, mobile app) under `/v1/stores/:store/orders`. Every POST carries an
 * `Idempotency-Key`: the same key with the same body gets the same answer, a different body a 422.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The channel owns its menu and prices; the server records what the customer was offered. */
export const ChannelOrderLine = z.strictObject({
  itemId: CatalogItemId,
  name: z.string().min(1).max(80),
  quantity: z.int().min(1).max(999),
  unitPriceMinor: MinorUnits.nonnegative(),
  kitchenStation: z.string().min(1).max(40).optional(),
  modifiers: z.array(ChosenModifier).max(30).default([]),
  /** Absent: the price is final as shown (tax included, rate unknown to the channel). */
  tax: LineTax.default({ ratePpm: 0, included: true }),
  note: z.string().min(1).max(200).optional(),
});

/** A channel order arrives complete: opened, its lines, an optional note, and placed (sent to the kitchen). */
export const CreateChannelOrder = z.strictObject({
  orderType: OrderType,
  currency: CurrencyCode,
  customerName: z.string().min(1).max(80).optional(),
  note: z.string().min(1).max(500).optional(),
  lines: z.array(ChannelOrderLine).min(1).max(100),
});
export type CreateChannelOrder = z.infer<typeof CreateChannelOrder>;

export const CancelChannelOrder = z.strictObject({ reason: z.string().min(1).max(200) });
/** Replaces the order's note (an empty string clears it). */
export const SetOrderNote = z.strictObject({ note: z.string().max(500) });

export const OrderParams = z.object({ orderId: OrderId });

export const ChannelOrderResponse = z.object({ order: OrderView });
export type ChannelOrderResponse = z.infer<typeof ChannelOrderResponse>;

/** Webhook endpoints a channel registers; `scope: own` only its own orders, `all` every order of the store (admin only). */
export const CreateWebhookEndpoint = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  scope: z.enum(['own', 'all']).default('own'),
});
export type CreateWebhookEndpoint = z.infer<typeof CreateWebhookEndpoint>;

export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  scope: z.enum(['own', 'all']),
  createdAt: z.string(),
});
/** The signing secret is shown once, when the endpoint is created. */
export const CreatedWebhookEndpoint = WebhookEndpointView.extend({ secret: z.string() });

/**
 * Body of every webhook delivery (Standard Webhooks style): headers `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` keyed with the base64 part of the endpoint secret (`whsec_…`).
 */
export const OrderStatusChanged = z.object({
  type: z.literal('order.status_changed'),
  storeId: z.string(),
  orderId: OrderId,
  previousStatus: z.string().nullable(),
  status: z.string(),
  order: OrderView,
  /** Server cursor of the event that caused the change. */
  serverSeq: z.int(),
});
export type OrderStatusChanged = z.infer<typeof OrderStatusChanged>;

/**
 * A card payment approved offline (the gateway was down) was declined when forwarded, or expired
 * before it could be: the goods are gone and the amount is owed to the store. Same signing and
 * delivery as `OrderStatusChanged`; the order keeps its status.
 */
export const OrderPaymentLostAfterSale = z.object({
  type: z.literal('order.payment_declined_after_sale'),
  storeId: z.string(),
  orderId: OrderId,
  paymentId: z.string(),
  outcome: z.enum(['declined', 'expired']),
  /** Amount + tip, in minor units of the order's currency. */
  amountMinor: z.int(),
  reason: z.string(),
  order: OrderView,
  serverSeq: z.int(),
});
export type OrderPaymentLostAfterSale = z.infer<typeof OrderPaymentLostAfterSale>;
