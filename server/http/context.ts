import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../shared/clock.js';
import type { PushBatch } from '../../shared/sync/protocol.js';
import type { Result } from '../../shared/result.js';
import { StoreId } from '../../shared/sync/protocol.js';
import type { CredentialStore, Principal, StorePrincipal } from '../auth/credentials.js';
import type { ChannelIngress } from '../channels/ingress.js';
import type { LiveHub } from '../live/live-hub.js';
import type { MeshAuthority } from '../mesh/mesh-authority.js';
import type { ServerMetrics } from '../ops/metrics.js';
import type { StoreDataService } from '../store-data/store-data-service.js';
import type { MenuService } from '../menu/menu-service.js';
import type { PullExclusion, PullPage, PushOutcome } from '../sync-service.js';
import type { WebhookRegistry } from '../webhooks/webhooks.js';
import { HttpError } from './errors.js';

export interface SyncApi {
  push(storeId: string, batch: PushBatch): Promise<Result<PushOutcome>>;
  pull(storeId: string, cursor: number, limit: number, except?: PullExclusion): Promise<PullPage>;
  head(storeId: string): Promise<number>;
}

/** Everything a route needs, built once per server instance. */
export interface ServerContext {
  clock: Clock;
  sync: SyncApi;
  credentials: CredentialStore;
  /** Absent: admin routes and /metrics refuse every caller. */
  adminToken?: string;
  hub: LiveHub;
  /** The stores' mesh certificate authority (pairing, revocations). */
  mesh: MeshAuthority;
  ingress: ChannelIngress;
  webhooks: WebhookRegistry;
  metrics: ServerMetrics;
  /** Store data (kitchen routing, …): one last-writer-wins document per store and kind. */
  storeData: Pick<StoreDataService, 'put' | 'changes' | 'writeAsServer' | 'get'>;
  /** The menu: publishes, availability, the public per-channel menu. */
  menu: MenuService;
  /** Readiness: the database answers and the instance is not shutting down. */
  readiness(): Promise<{ ready: true } | { ready: false; reason: string }>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

type Kind = StorePrincipal['kind'];

/**
 * The store in the URL must be the caller's store, and the caller must be of an allowed kind.
 * Every store-scoped route starts here, so no route can forget the check.
 */
export function storeCaller<K extends Kind>(
  request: FastifyRequest,
  kinds: readonly K[],
): Extract<StorePrincipal, { kind: K }> & { storeId: string } {
  const principal = request.principal;
  const params = request.params as Record<string, unknown>;
  const store = StoreId.safeParse(params['store']);
  if (!store.success) throw new HttpError(400, 'bad_request', `store: ${store.error.issues[0]?.message ?? 'invalid store id'}`);
  if (principal === null) throw new HttpError(401, 'unauthorized', 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
  if (principal.kind === 'admin')
    throw new HttpError(403, 'forbidden', 'the admin token manages stores; it cannot act as a station or channel');
  if (!(kinds as readonly Kind[]).includes(principal.kind)) {
    throw new HttpError(403, 'forbidden', `${principal.kind} credentials cannot use this route (needs ${kinds.join(' or ')})`);
  }
  if (principal.storeId !== store.data) {
    throw new HttpError(403, 'wrong_store', `this credential belongs to store "${principal.storeId}", not "${store.data}"`);
  }
  return principal as Extract<StorePrincipal, { kind: K }>;
}

export function requireAdmin(request: FastifyRequest): void {
  if (request.principal?.kind !== 'admin') throw new HttpError(403, 'forbidden', 'admin routes need the admin token');
}
