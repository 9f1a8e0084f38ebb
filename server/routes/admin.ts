import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CreateStore, IssueChannelKey, IssueStationCredential } from '../../shared/sync/admin.js';
import { CreateWebhookEndpoint } from '../../shared/sync/channel.js';
import { RevokeStation } from '../../shared/sync/mesh.js';
import { StoreId } from '../../shared/sync/protocol.js';
import { CredentialError } from '../auth/credentials.js';
import { requireAdmin, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';

const StoreParams = z.object({ store: StoreId });
const CredentialParams = z.object({ credentialId: z.string().regex(/^cred_[A-Za-z0-9_-]{1,40}$/, 'not a credential id') });
const DeliveryQuery = z.object({
  state: z.enum(['pending', 'delivered', 'dead']).default('dead'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

async function credentialCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CredentialError) throw new HttpError(error.code === 'not_found' ? 404 : 409, error.code, error.message);
    throw error;
  }
}

/** Stores, credentials and webhook dead letters; every route needs the admin token. */
export function adminRoutes(ctx: ServerContext) {
  return async (admin: FastifyInstance): Promise<void> => {
    admin.addHook('preHandler', async (request) => requireAdmin(request));

    admin.post('/stores', async (request, reply) => {
      const body = parseOr400(CreateStore, request.body);
      const { created } = await ctx.credentials.createStore(body.id, body.name);
      request.log.info({ storeId: body.id, created }, 'store created');
      return reply.code(created ? 201 : 200).send({ id: body.id, name: body.name, created });
    });

    admin.get('/stores', async () => ({ stores: await ctx.credentials.listStores() }));

    admin.post('/stores/:store/stations', async (request, reply) => {
      const { store } = parseOr400(StoreParams, request.params);
      const body = parseOr400(IssueStationCredential, request.body);
      const issued = await credentialCall(() => ctx.credentials.issueStation(store, body.stationId, body.label));
      request.log.info({ storeId: store, credentialId: issued.credential.id, stationId: body.stationId }, 'station credential issued');
      return reply.code(201).send(issued);
    });

    admin.post('/stores/:store/channels', async (request, reply) => {
      const { store } = parseOr400(StoreParams, request.params);
      const body = parseOr400(IssueChannelKey, request.body);
      const issued = await credentialCall(() => ctx.credentials.issueChannel(store, body.origin ?? body.channel, body.channel, body.label));
      request.log.info({ storeId: store, credentialId: issued.credential.id, origin: issued.credential.subject }, 'channel key issued');
      return reply.code(201).send(issued);
    });

    admin.get('/stores/:store/credentials', async (request) => {
      const { store } = parseOr400(StoreParams, request.params);
      if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
      return { credentials: await ctx.credentials.list(store) };
    });

    admin.post('/credentials/:credentialId/revoke', async (request) => {
      const { credentialId } = parseOr400(CredentialParams, request.params);
      const credential = await credentialCall(() => ctx.credentials.revoke(credentialId));
      // Its mesh certificates go with it. Idempotent: should this step fail, revoking again finishes it.
      const certificates = await ctx.mesh.revokeCredential(credentialId);
      request.log.info({ credentialId, storeId: credential.storeId, certificates }, 'credential revoked');
      return { credential };
    });

    admin.post('/credentials/:credentialId/webhooks', async (request, reply) => {
      const { credentialId } = parseOr400(CredentialParams, request.params);
      const body = parseOr400(CreateWebhookEndpoint, request.body);
      const endpoint = await ctx.webhooks.createForCredential(credentialId, body);
      request.log.info({ credentialId, endpointId: endpoint.id, scope: endpoint.scope }, 'webhook endpoint registered by the admin');
      return reply.code(201).send(endpoint);
    });

    admin.post('/stores/:store/mesh/revocations', async (request, reply) => {
      const { store } = parseOr400(StoreParams, request.params);
      const body = parseOr400(RevokeStation, request.body);
      if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
      const revocation = await ctx.mesh.revokeStation(store, body.stationId);
      request.log.info({ storeId: store, stationId: body.stationId }, 'station revoked from the store mesh');
      return reply.code(201).send({ revocation });
    });

    admin.get('/stores/:store/webhook-deliveries', async (request) => {
      const { store } = parseOr400(StoreParams, request.params);
      const query = parseOr400(DeliveryQuery, request.query);
      return { deliveries: await ctx.webhooks.deliveries(store, query.state, query.limit) };
    });

    admin.post('/webhook-deliveries/:deliveryId/replay', async (request) => {
      const { deliveryId } = parseOr400(
        z.object({ deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        request.params,
      );
      const delivery = await ctx.webhooks.replay(deliveryId);
      request.log.info({ deliveryId, messageId: delivery.messageId }, 'webhook dead letter replayed');
      return { delivery };
    });
  };
}
