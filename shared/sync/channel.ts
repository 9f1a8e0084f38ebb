import { z } from 'zod';
import { OrderId, OrderType } from '../events.js';
import { ChannelOrderLine } from '../menu/pricing.js';
import { OrderView } from '../order-view.js';

/**
 * Channel ingress (web shop, mobile app) under `/v1/stores/:store/orders`. Every POST carries an
 * `Idempotency-Key`: the same key with the same body gets the same answer, a different body a 422.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * A channel order arrives complete: opened, its lines, an optional note, and placed (sent to the
 * kitchen). Lines name menu items by reference (`ChannelOrderLine`): the server prices them from the
 * store's menu (or the channel's price list), in the menu's currency, applies the item's tax and
 * routes each to its kitchen station. 409 names the item when it is unknown or sold out, 422 names
 * the field when a modifier choice breaks its group's rules.
 */
export const CreateChannelOrder = z.strictObject({
  orderType: OrderType,
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
