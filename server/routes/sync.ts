import type { FastifyInstance } from 'fastify';
import { decodeHlc } from '../../shared/hlc.js';
import { PullQuery, PushBatch, type PushResponse, type WhoAmI } from '../../shared/sync/protocol.js';
import { storeCaller, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400, withoutEmptyValues } from '../http/validate.js';
import { pullResponseJson } from '../sync-service.js';

export function syncRoutes(ctx: ServerContext) {
  return async (v1: FastifyInstance): Promise<void> => {
    v1.get('/auth/me', async (request) => {
      const p = request.principal;
      if (p === null) throw new HttpError(401, 'unauthorized', 'missing or invalid bearer token', { 'www-authenticate': 'Bearer' });
      const body: WhoAmI =
        p.kind === 'admin'
          ? { kind: 'admin' }
          : p.kind === 'station'
            ? { kind: 'station', credentialId: p.credentialId, storeId: p.storeId, stationId: p.stationId }
            : { kind: 'channel', credentialId: p.credentialId, storeId: p.storeId, origin: p.origin, channel: p.channel };
      return body;
    });

    v1.post('/stores/:store/sync/push', async (request) => {
      const station = storeCaller(request, ['station']);
      // NUL inside an event is that event's problem (rejected alone), not the batch's.
      const batch = parseOr400(PushBatch, request.body, { allowNul: true });
      if (station.stationId !== null && station.stationId !== batch.origin) {
        throw new HttpError(403, 'origin_mismatch', `this credential pushes as "${station.stationId}", not "${batch.origin}"`);
      }
      const outcome = await ctx.sync.push(station.storeId, batch);
      if (!outcome.ok) throw new HttpError(400, 'bad_request', outcome.error.message);
      const counts = { accepted: 0, duplicate: 0, rejected: 0 };
      const storeLabel = { store: station.storeId };
      for (const result of outcome.value.results) {
        counts[result.status] += 1;
        if (result.status === 'rejected') {
          ctx.metrics.pushRejections.inc({ ...storeLabel, ...(result.code ? { code: result.code } : {}) });
          request.log.warn({ eventId: result.id, seq: result.seq, code: result.code, reason: result.reason }, 'event rejected');
        }
      }
      for (const [result, n] of Object.entries(counts)) if (n > 0) ctx.metrics.pushEvents.inc({ ...storeLabel, result }, n);
      const newest = outcome.value.accepted.at(-1);
      const now = ctx.clock.now();
      if (newest !== undefined) {
        ctx.metrics.eventLag.set({ ...storeLabel, origin: batch.origin }, Math.max(0, now - decodeHlc(newest.hlc).wallMs) / 1000);
        // Guarded: listing 500 ids per batch is wasted work when debug lines are dropped anyway.
        if (request.log.level === 'debug' || request.log.level === 'trace')
          request.log.debug({ eventIds: outcome.value.accepted.map((e) => e.id) }, 'events accepted');
      }
      const level = counts.rejected > 0 ? 'warn' : 'info';
      request.log[level]({ storeId: station.storeId, origin: batch.origin, events: batch.events.length, ...counts }, 'push processed');
      const body: PushResponse = { results: outcome.value.results, serverTime: now };
      return body;
    });

    v1.get('/stores/:store/sync/pull', async (request, reply) => {
      const station = storeCaller(request, ['station']);
      const query = parseOr400(PullQuery, withoutEmptyValues(request.query));
      const except =
        query.exceptOrigin === undefined || query.exceptThroughSeq === undefined
          ? undefined
          : { origin: query.exceptOrigin, throughSeq: query.exceptThroughSeq };
      let page = await ctx.sync.pull(station.storeId, query.cursor, query.limit, except);
      if (page.events.length === 0 && query.waitMs > 0) {
        // Long poll: a client that goes away stops the wait; so does shutdown (the hub releases it).
        const gone = new AbortController();
        const abort = () => gone.abort();
        request.raw.once('close', abort);
        await ctx.hub.waitForEvents(station.storeId, query.cursor, query.waitMs, gone.signal);
        request.raw.off('close', abort);
        page = await ctx.sync.pull(station.storeId, query.cursor, query.limit, except);
      }
      ctx.metrics.pullRequests.inc({ store: station.storeId });
      if (page.events.length > 0) ctx.metrics.pullEvents.inc({ store: station.storeId }, page.events.length);
      // Idle stations poll constantly; empty pages would drown the useful lines at info level.
      const level = page.events.length > 0 ? 'info' : 'debug';
      request.log[level](
        {
          storeId: station.storeId,
          cursor: query.cursor,
          events: page.events.length,
          nextCursor: page.nextCursor,
          upToDate: page.upToDate,
        },
        'pull served',
      );
      // Pre-serialised: the stored bodies are spliced in as they are (see pullResponseJson).
      return reply.type('application/json; charset=utf-8').send(pullResponseJson(page, ctx.clock.now()));
    });

    // The live channel is a WebSocket upgrade handled beside Fastify; a plain GET learns how to use it.
    v1.get('/stores/:store/live', async (request) => {
      storeCaller(request, ['station']);
      throw new HttpError(426, 'upgrade_required', 'this is a WebSocket endpoint: connect with Upgrade: websocket', {
        upgrade: 'websocket',
      });
    });
  };
}
