import { z } from 'zod';
import { DomainEvent } from '../../shared/events.js';
import {
  CreateStore,
  CredentialView,
  IssueChannelKey,
  IssuedCredential,
  IssueStationCredential,
  WebhookDeliveryView,
} from '../../shared/sync/admin.js';
import {
  CancelChannelOrder,
  ChannelOrderResponse,
  CreateChannelOrder,
  CreatedWebhookEndpoint,
  CreateWebhookEndpoint,
  OrderPaymentLostAfterSale,
  OrderStatusChanged,
  SetOrderNote,
  WebhookEndpointView,
} from '../../shared/sync/channel.js';
import { PairRequest, PairResponse, RevocationList, RevokeStation, SignedDocument } from '../../shared/sync/mesh.js';
import { KitchenRouting } from '../../shared/ipc/commands/kitchen.js';
import { OfflineLimits } from '../../shared/payments/offline-limits.js';
import {
  AvailabilityResponse,
  ItemAvailabilityView,
  MenuAvailabilityChanged,
  MenuVersionResponse,
  PublicMenu,
  PublishMenu,
  SetItemAvailability,
  SetStaff,
  StaffView,
} from '../../shared/sync/menu-api.js';
import { StoreDataPage, StoreDocumentPut, StoreDocumentWire } from '../../shared/store-data.js';
import { ErrorResponse, LiveMessage, PullResponse, PushBatch, PushResponse, WhoAmI } from '../../shared/sync/protocol.js';

type Auth = 'none' | 'station' | 'channel' | 'station|channel' | 'admin' | 'any';

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  query?: Record<string, { schema: Record<string, unknown>; description: string }>;
  idempotent?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType; text?: boolean }>;
}

const err = (description: string) => ({ description, schema: ErrorResponse });
const common = {
  400: err('Malformed request: the message names the failing fields'),
  401: err('Missing, unknown or revoked credential'),
  429: err('Rate limited; see Retry-After'),
};
const scoped = { ...common, 403: err('Credential of another store (`wrong_store`) or of the wrong kind (`forbidden`)') };

/** Every route the server serves; a test checks this list against Fastify's route table. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/health', summary: 'Liveness: the process answers', auth: 'none', responses: { 200: { description: 'alive' } } },
  {
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the database answers and the instance is not shutting down',
    auth: 'none',
    responses: { 200: { description: 'ready' }, 503: { description: 'not ready, with a reason' } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    auth: 'none',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    auth: 'admin',
    responses: { 200: { description: 'text exposition format', text: true }, 401: err('no or wrong admin token') },
  },
  {
    method: 'get',
    path: '/v1/auth/me',
    summary: 'Who the bearer token stands for (a client needs only the URL and its token)',
    auth: 'any',
    responses: { 200: { description: 'principal', schema: WhoAmI }, ...common },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/sync/push',
    summary:
      "Push a batch of a station's events. Per event: accepted (with serverSeq), duplicate, or rejected with a machine-readable code. (origin, seq) is checked in the same transaction as the insert; a rejected event never blocks the rest of the batch.",
    auth: 'station',
    body: PushBatch,
    responses: {
      200: { description: 'per-event results in request order', schema: PushResponse },
      ...scoped,
      413: err('body above 1 MiB'),
    },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/sync/pull',
    summary: "Page through the store's event log from a server cursor; with waitMs, long-polls for new events",
    auth: 'station',
    query: {
      cursor: { schema: { type: 'integer', minimum: 0, default: 0 }, description: 'last serverSeq the caller has' },
      limit: { schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 }, description: 'page size' },
      waitMs: {
        schema: { type: 'integer', minimum: 0, maximum: 30000, default: 0 },
        description: 'wait this long for an event when there is none',
      },
      exceptOrigin: {
        schema: { type: 'string' },
        description: "with exceptThroughSeq: leave out this origin's events up to that seq (a station's own, which it holds)",
      },
      exceptThroughSeq: {
        schema: { type: 'integer', minimum: 0 },
        description: 'with exceptOrigin: the last seq of that origin the caller holds',
      },
    },
    responses: { 200: { description: 'a page; upToDate tells whether more follow', schema: PullResponse }, ...scoped },
  },
  {
    method: 'put',
    path: '/v1/stores/{store}/data/{kind}',
    summary:
      "Push a store data document (kinds kitchen-routing and menu-availability; menu, staff and offline-card-limits are written on the server only: 403 `server_only_kind`) written at this station. Per store and kind the server keeps the document with the greatest (hlc, author), as every station does; a document that loses is not an error: the answer names the one held. `author` must be the credential's station.",
    auth: 'station',
    body: StoreDocumentWire,
    responses: {
      200: { description: 'whether it won, and the document held after it', schema: StoreDocumentPut },
      ...scoped,
      422: err('unknown kind, a body that does not validate for its kind (the message names the path), or an hlc too far ahead'),
    },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/data',
    summary:
      "The store's data documents that won after a cursor (all of them from 0), oldest win first; `store-data` live messages tell the newest cursor",
    auth: 'station',
    query: {
      after: { schema: { type: 'integer', minimum: 0, default: 0 }, description: 'the cursor of the last page the caller applied' },
    },
    responses: { 200: { description: 'documents and the cursor to pass next time', schema: StoreDataPage }, ...scoped },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/live',
    summary:
      'WebSocket (Upgrade: websocket): a `ready` message with the store head, then a `poke` with the newest cursor whenever events land (on any instance). Pull on poke.',
    auth: 'station',
    responses: {
      101: { description: 'switching protocols; messages are LiveMessage JSON', schema: LiveMessage },
      426: err('plain HTTP request'),
      ...scoped,
    },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/orders',
    summary:
      "Create a web/mobile order (opened, lines, placed) as events with the channel as origin. Lines name menu items by reference (item id, quantity, modifier option ids, note): the server prices them from the store's menu or the channel's price list, in the menu's currency, applies each item's tax and routes it to its kitchen station. (Changed in the menu release: lines no longer carry name, price, tax or station, and the body no longer carries a currency.)",
    auth: 'channel',
    idempotent: true,
    body: CreateChannelOrder,
    responses: {
      201: { description: 'created (a replay of the same key and body answers the same)', schema: ChannelOrderResponse },
      ...scoped,
      409: err(
        "`unknown_item` (not on this channel's menu), `sold_out`, `not_enough_left` (count left below the quantity), `no_menu`: `error.itemId` names the item, `error.field` the line",
      ),
      422: err(
        "`invalid_modifiers` (a choice breaks its group's min/max or names no option of the item; `error.field` names it, e.g. `lines[0].modifiers`), `measured_item`, or `idempotency_key_reused`: same key, different body",
      ),
    },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/orders/{orderId}',
    summary: 'The order folded from its events (a channel sees only its own orders)',
    auth: 'station|channel',
    responses: { 200: { description: 'order', schema: ChannelOrderResponse }, 404: err('no such order for this caller'), ...scoped },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/orders/{orderId}/cancel',
    summary: 'Ask to cancel an order (OrderCancelRequested); the arbiter decides against concurrent kitchen or payment events',
    auth: 'channel',
    idempotent: true,
    body: CancelChannelOrder,
    responses: {
      200: { description: 'order after the request', schema: ChannelOrderResponse },
      404: err('no such order for this caller'),
      422: err('key reused'),
      ...scoped,
    },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/orders/{orderId}/note',
    summary: 'Set the order note (OrderNoteSet)',
    auth: 'channel',
    idempotent: true,
    body: SetOrderNote,
    responses: {
      200: { description: 'order after the note', schema: ChannelOrderResponse },
      404: err('no such order for this caller'),
      422: err('key reused'),
      ...scoped,
    },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/webhooks',
    summary:
      "Register a webhook endpoint for the caller's order status changes; the signing secret is shown once. `scope: all` is refused (403 `admin_only`): the admin registers those",
    auth: 'channel',
    body: CreateWebhookEndpoint,
    responses: { 201: { description: 'endpoint with secret', schema: CreatedWebhookEndpoint }, ...scoped },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/webhooks',
    summary: "The caller's webhook endpoints",
    auth: 'channel',
    responses: { 200: { description: 'endpoints', schema: z.object({ endpoints: z.array(WebhookEndpointView) }) }, ...scoped },
  },
  {
    method: 'delete',
    path: '/v1/stores/{store}/webhooks/{endpointId}',
    summary: 'Remove a webhook endpoint',
    auth: 'channel',
    responses: { 204: { description: 'removed' }, 404: err('no such endpoint'), ...scoped },
  },
  {
    method: 'post',
    path: '/v1/admin/stores',
    summary: 'Create a store (idempotent)',
    auth: 'admin',
    body: CreateStore,
    responses: { 201: { description: 'created' }, 200: { description: 'already existed' }, ...common },
  },
  {
    method: 'get',
    path: '/v1/admin/stores',
    summary: 'List stores',
    auth: 'admin',
    responses: { 200: { description: 'stores' }, ...common },
  },
  {
    method: 'post',
    path: '/v1/admin/stores/{store}/stations',
    summary: 'Issue a station credential (token shown once, stored hashed)',
    auth: 'admin',
    body: IssueStationCredential,
    responses: { 201: { description: 'issued', schema: IssuedCredential }, 404: err('no such store'), ...common },
  },
  {
    method: 'post',
    path: '/v1/admin/stores/{store}/channels',
    summary: 'Issue a channel API key (token shown once, stored hashed)',
    auth: 'admin',
    body: IssueChannelKey,
    responses: { 201: { description: 'issued', schema: IssuedCredential }, 404: err('no such store'), ...common },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/credentials',
    summary: "List a store's credentials (never their secrets)",
    auth: 'admin',
    responses: { 200: { description: 'credentials', schema: z.object({ credentials: z.array(CredentialView) }) }, ...common },
  },
  {
    method: 'post',
    path: '/v1/admin/credentials/{credentialId}/revoke',
    summary: 'Revoke a credential on every instance at once',
    auth: 'admin',
    responses: {
      200: { description: 'revoked', schema: z.object({ credential: CredentialView }) },
      404: err('no such credential'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/v1/admin/credentials/{credentialId}/webhooks',
    summary: 'Register a webhook endpoint owned by a channel credential; only here may `scope` be `all` (every order of the store)',
    auth: 'admin',
    body: CreateWebhookEndpoint,
    responses: {
      201: { description: 'endpoint with secret', schema: CreatedWebhookEndpoint },
      404: err('no such active channel credential'),
      ...common,
    },
  },
  {
    method: 'post',
    path: '/v1/stores/{store}/mesh/pair',
    summary: "Pair a station into the store mesh: its keys in, a store-signed certificate, the store's public key and the revocations out",
    auth: 'station',
    body: PairRequest,
    responses: {
      200: { description: 'paired', schema: PairResponse },
      ...scoped,
      403: err('Credential of another store or station (`wrong_store`, `station_mismatch`), or the station is revoked (`station_revoked`)'),
    },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/mesh/revocations',
    summary: "The store mesh's signed revocations that still name an unexpired certificate",
    auth: 'station',
    responses: { 200: { description: 'revocations', schema: RevocationList }, ...scoped },
  },
  {
    method: 'post',
    path: '/v1/admin/stores/{store}/mesh/revocations',
    summary: 'Revoke every mesh certificate a station holds; only a credential issued afterwards pairs it again',
    auth: 'admin',
    body: RevokeStation,
    responses: { 201: { description: 'revoked', schema: z.object({ revocation: SignedDocument }) }, 404: err('no such store'), ...common },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/webhook-deliveries',
    summary: 'Webhook deliveries by state (default: the dead-letter list)',
    auth: 'admin',
    query: {
      state: { schema: { type: 'string', enum: ['pending', 'delivered', 'dead'], default: 'dead' }, description: 'delivery state' },
      limit: { schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, description: 'rows' },
    },
    responses: { 200: { description: 'deliveries', schema: z.object({ deliveries: z.array(WebhookDeliveryView) }) }, ...common },
  },
  {
    method: 'post',
    path: '/v1/admin/webhook-deliveries/{deliveryId}/replay',
    summary: 'Put a dead letter back in the queue with a fresh attempt budget',
    auth: 'admin',
    responses: {
      200: { description: 'requeued', schema: z.object({ delivery: WebhookDeliveryView }) },
      404: err('no such delivery'),
      409: err('not a dead letter'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/v1/stores/{store}/menu',
    summary:
      "The menu as the caller's channel sells it (stations: `counter`): channel prices, hidden items left out, each item's availability and count left. Send `If-None-Match` with the last ETag: 304 while nothing changed (a new version, an item sold out or recounted, a count going down).",
    auth: 'station|channel',
    responses: {
      200: { description: 'the menu; headers ETag and Cache-Control: private, no-cache', schema: PublicMenu },
      304: { description: 'not modified since the ETag sent' },
      404: err('`no_menu`: nothing published yet'),
      ...scoped,
    },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/menu',
    summary: "The store's current menu version (who published it, when) for the back office",
    auth: 'admin',
    responses: { 200: { description: 'current version', schema: MenuVersionResponse }, 404: err('`no_menu`'), ...common },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/menu/versions/{version}',
    summary: 'A published version from the history (export, audit)',
    auth: 'admin',
    responses: { 200: { description: 'that version', schema: MenuVersionResponse }, 404: err('no such version'), ...common },
  },
  {
    method: 'post',
    path: '/v1/admin/stores/{store}/menu',
    summary:
      'Publish a new menu version over `baseVersion` (the version the editor read; 0 for the first). The menu is validated whole and replicates to stations as the `menu` store data document.',
    auth: 'admin',
    body: PublishMenu,
    responses: {
      201: { description: 'the new version', schema: MenuVersionResponse },
      404: err('no such store'),
      409: err('`stale_menu_version`: someone published since baseVersion; read again and redo the change'),
      413: err('body above 2 MiB'),
      422: err('`invalid_menu`: `error.problems` lists every problem with its path, e.g. `items[12].modifierGroups[0].max`'),
      ...common,
    },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/menu/availability',
    summary:
      'Items marked sold out or counted, with the count left derived from the sales the server has, and lines oversold by partitioned counters (rule `availability.oversold-last-unit`: both sales stand, flagged)',
    auth: 'admin',
    responses: { 200: { description: 'availability', schema: AvailabilityResponse }, ...common },
  },
  {
    method: 'put',
    path: '/v1/admin/stores/{store}/menu/availability/{itemId}',
    summary:
      'Mark an item sold out, available again, or set a count left that counts down as it sells. A small `menu-availability` store data document, not a menu publish; channels see it on the menu endpoint and get a `menu.availability_changed` webhook.',
    auth: 'admin',
    body: SetItemAvailability,
    responses: { 200: { description: 'the item now', schema: ItemAvailabilityView }, 404: err('`unknown_item`'), ...common },
  },
  {
    method: 'get',
    path: '/v1/admin/stores/{store}/staff',
    summary: "The store's staff (names and roles; PIN hashes are never returned)",
    auth: 'admin',
    responses: { 200: { description: 'staff', schema: StaffView }, ...common },
  },
  {
    method: 'put',
    path: '/v1/admin/stores/{store}/staff',
    summary:
      'Replace the staff list. A PIN is sent once and hashed on the server (scrypt); a member without `pin` keeps the one held. Replicates to stations as the `staff` store data document.',
    auth: 'admin',
    body: SetStaff,
    responses: {
      200: { description: 'staff', schema: StaffView },
      404: err('no such store'),
      422: err('`pin_required` for a new member'),
      ...common,
    },
  },
  {
    method: 'put',
    path: '/v1/admin/stores/{store}/kitchen-routing',
    summary: "Set the store's kitchen routing (the `kitchen-routing` store data document) from the back office",
    auth: 'admin',
    body: KitchenRouting,
    responses: { 200: { description: 'the document written', schema: StoreDocumentWire }, 404: err('no such store'), ...common },
  },
  {
    method: 'put',
    path: '/v1/admin/stores/{store}/offline-card-limits',
    summary:
      "Set the store's limits for card payments approved while the gateway is down (the `offline-card-limits` store data document): per payment, total pending per station, maximum age; every station uses them instead of its own station.json values",
    auth: 'admin',
    body: OfflineLimits,
    responses: { 200: { description: 'the document written', schema: StoreDocumentWire }, 404: err('no such store'), ...common },
  },
];

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  station: [{ stationToken: [] }],
  channel: [{ channelKey: [] }],
  'station|channel': [{ stationToken: [] }, { channelKey: [] }],
  admin: [{ adminToken: [] }],
  any: [{ stationToken: [] }, { channelKey: [] }, { adminToken: [] }],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // Schemas with transforms (upcasting) have no JSON Schema for their output; describe the input then.
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  } catch {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  }
}

let cached: Record<string, unknown> | undefined;

export function buildOpenApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters: Record<string, unknown>[] = [];
    for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
      parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
    }
    for (const [name, q] of Object.entries(op.query ?? {}))
      parameters.push({ name, in: 'query', required: false, schema: q.schema, description: q.description });
    if (op.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        description: 'Same key and body → same answer (header idempotent-replayed: true); same key, other body → 422',
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : {}),
        ...(r.text ? { content: { 'text/plain': { schema: { type: 'string' } } } } : {}),
      };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      security: SECURITY[op.auth],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses,
    };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'POS central server',
      version: '1',
      description:
        'Sync relay between stations, channel ingress for web and mobile orders, and order-status webhooks. Errors are `{ "error": { "code", "message" } }`. Webhooks are signed Standard-Webhooks style (see `OrderStatusChanged`).',
    },
    paths,
    components: {
      securitySchemes: {
        stationToken: { type: 'http', scheme: 'bearer', description: 'Station credential (pos_st_…), issued by an admin' },
        channelKey: { type: 'http', scheme: 'bearer', description: 'Channel API key (pos_ch_…), issued by an admin' },
        adminToken: { type: 'http', scheme: 'bearer', description: "The server's admin token (POS_ADMIN_TOKEN)" },
      },
      schemas: {
        DomainEvent: jsonSchema(DomainEvent, 'input'),
        OrderStatusChanged: jsonSchema(OrderStatusChanged, 'output'),
        OrderPaymentLostAfterSale: jsonSchema(OrderPaymentLostAfterSale, 'output'),
        MenuAvailabilityChanged: jsonSchema(MenuAvailabilityChanged, 'output'),
        LiveMessage: jsonSchema(LiveMessage, 'output'),
      },
    },
  };
  return cached;
}
