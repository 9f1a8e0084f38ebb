import { z } from 'zod';
import { OriginId } from '../events.js';
import { StoreId } from './protocol.js';

/** Admin API (`/v1/admin/...`, admin token): stores, credentials, webhook dead letters. */
export const CreateStore = z.strictObject({ id: StoreId, name: z.string().min(1).max(100) });

export const IssueStationCredential = z.strictObject({ stationId: OriginId, label: z.string().min(1).max(100).optional() });

export const ChannelKind = z.enum(['web', 'mobile', 'kiosk']);
export const IssueChannelKey = z.strictObject({
  /** The origin its events carry; defaults to the channel kind ("web"). */
  origin: OriginId.optional(),
  channel: ChannelKind,
  label: z.string().min(1).max(100).optional(),
});

export const CredentialView = z.object({
  id: z.string(),
  storeId: StoreId,
  kind: z.enum(['station', 'channel']),
  /** Station id or channel origin; null for a store-wide station secret (embedded mode). */
  subject: z.string().nullable(),
  channel: z.string().nullable(),
  label: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type CredentialView = z.infer<typeof CredentialView>;

/** The token is shown once; the server keeps only its hash. */
export const IssuedCredential = z.object({ credential: CredentialView, token: z.string() });
export type IssuedCredential = z.infer<typeof IssuedCredential>;

export const WebhookDeliveryView = z.object({
  id: z.int(),
  messageId: z.string(),
  endpointId: z.string(),
  /** Null for store-wide messages (`menu.availability_changed`). */
  orderId: z.string().nullable(),
  state: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  lastStatus: z.int().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;
