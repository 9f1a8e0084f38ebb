import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CancelChannelOrder,
  CreateChannelOrder,
  CreateWebhookEndpoint,
  IDEMPOTENCY_KEY_PATTERN,
  OrderParams,
  SetOrderNote,
} from '../../shared/sync/channel.js';
import type { IngressReply } from '../channels/ingress.js';
import { storeCaller, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';

const EndpointParams = z.object({ endpointId: z.string().regex(/^whe_[A-Za-z0-9_-]{1,40}$/, 'not a webhook endpoint id') });

/** Channel requests are small; a big body here is a mistake or an attack. */
export const CHANNEL_BODY_LIMIT_BYTES = 64 * 1024;

function idempotencyKey(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (key === undefined || key === '')
    throw new HttpError(400, 'idempotency_key_required', 'an Idempotency-Key header is required on this route');
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new HttpError(400, 'bad_request', 'Idempotency-Key: 1-200 printable ASCII characters');
  }
  return key;
}

export function channelRoutes(ctx: ServerContext) {
  const answer = (request: FastifyRequest, reply: FastifyReply, command: string, result: IngressReply) => {
    ctx.metrics.channelRequests.inc({ command, outcome: result.replayed ? 'replayed' : 'created' });
    const order = (result.body as { order?: { id?: string } }).order;
    request.log.info({ command, orderId: order?.id, replayed: result.replayed }, 'channel command');
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(result.status).send(result.body);
  };
  const refused = (command: string) => (error: unknown) => {
    if (error instanceof HttpError) ctx.metrics.channelRequests.inc({ command, outcome: 'refused' });
    throw error;
  };

  return async (v1: FastifyInstance): Promise<void> => {
    const limits = { bodyLimit: CHANNEL_BODY_LIMIT_BYTES };

    v1.post('/stores/:store/orders', limits, async (request, reply) => {
      const channel = storeCaller(request, ['channel']);
      const key = idempotencyKey(request);
      const body = parseOr400(CreateChannelOrder, request.body);
      const result = await ctx.ingress.createOrder(channel, key, body).catch(refused('create'));
      if (result.status === 201) {
        const order = (result.body as { order: { id: string } }).order;
        reply.header('location', `/v1/stores/${channel.storeId}/orders/${order.id}`);
      }
      return answer(request, reply, 'create', result);
    });

    v1.get('/stores/:store/orders/:orderId', async (request) => {
      const caller = storeCaller(request, ['channel', 'station']);
      const { orderId } = parseOr400(OrderParams, request.params);
      return { order: await ctx.ingress.getOrder(caller, orderId) };
    });

    v1.post('/stores/:store/orders/:orderId/cancel', limits, async (request, reply) => {
      const channel = storeCaller(request, ['channel']);
      const key = idempotencyKey(request);
      const { orderId } = parseOr400(OrderParams, request.params);
      const { reason } = parseOr400(CancelChannelOrder, request.body);
      return answer(
        request,
        reply,
        'cancel',
        await ctx.ingress.command(channel, key, orderId, { kind: 'cancel', reason }).catch(refused('cancel')),
      );
    });

    v1.post('/stores/:store/orders/:orderId/note', limits, async (request, reply) => {
      const channel = storeCaller(request, ['channel']);
      const key = idempotencyKey(request);
      const { orderId } = parseOr400(OrderParams, request.params);
      const { note } = parseOr400(SetOrderNote, request.body);
      return answer(
        request,
        reply,
        'note',
        await ctx.ingress.command(channel, key, orderId, { kind: 'note', note }).catch(refused('note')),
      );
    });

    v1.post('/stores/:store/webhooks', limits, async (request, reply) => {
      const channel = storeCaller(request, ['channel']);
      const body = parseOr400(CreateWebhookEndpoint, request.body);
      const endpoint = await ctx.webhooks.create(channel, body);
      request.log.info({ endpointId: endpoint.id }, 'webhook endpoint registered');
      return reply.code(201).send(endpoint);
    });

    v1.get('/stores/:store/webhooks', async (request) => {
      const channel = storeCaller(request, ['channel']);
      return { endpoints: await ctx.webhooks.list(channel) };
    });

    v1.delete('/stores/:store/webhooks/:endpointId', async (request, reply) => {
      const channel = storeCaller(request, ['channel']);
      const { endpointId } = parseOr400(EndpointParams, request.params);
      await ctx.webhooks.remove(channel, endpointId);
      return reply.code(204).send();
    });
  };
}
