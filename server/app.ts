import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from '../shared/clock.js';
import { PullQuery, PushRequest, type PullResponse, type PushResponse } from '../shared/sync/protocol.js';
import { bearerChecker } from './http/auth.js';
import { errorBody, handleError } from './http/errors.js';
import { formatIssues } from './issues.js';
import type { SyncService } from './sync-service.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export type SyncApi = Pick<SyncService, 'push' | 'pull'>;

export interface ServerAppOptions {
  service: SyncApi;
  clock: Clock;
  /** Shared secret every station presents as `Authorization: Bearer <token>` on /v1 routes. */
  syncToken: string;
  /** A pino logger; request logging is off when absent. */
  logger?: FastifyBaseLogger;
}

export function buildServerApp(options: ServerAppOptions): FastifyInstance {
  const { service, clock } = options;
  const checkBearer = bearerChecker(options.syncToken);
  const app: FastifyInstance = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => randomUUID(),
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/health', async () => ({ ok: true }));

  app.register(
    async (v1) => {
      v1.addHook('onRequest', async (request, reply) => {
        const check = checkBearer(request.headers.authorization);
        if (check.ok) return;
        request.log.warn({ reason: check.reason }, 'sync request refused');
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(errorBody('unauthorized', 'missing or invalid bearer token'));
      });

      v1.post('/sync/push', async (request, reply) => {
        const parsed = PushRequest.safeParse(request.body);
        if (!parsed.success) return badRequest(request, reply, formatIssues(parsed.error.issues));
        const outcome = await service.push(parsed.data);
        if (!outcome.ok) return badRequest(request, reply, outcome.error.message);
        const counts = { accepted: 0, duplicate: 0, rejected: 0 };
        for (const result of outcome.value) counts[result.status] += 1;
        const level = counts.rejected > 0 ? 'warn' : 'info';
        request.log[level]({ origin: parsed.data.origin, events: parsed.data.events.length, ...counts }, 'push processed');
        const body: PushResponse = { results: outcome.value, serverTime: clock.now() };
        return body;
      });

      v1.get('/sync/pull', async (request, reply) => {
        const parsed = PullQuery.safeParse(withoutEmptyValues(request.query));
        if (!parsed.success) return badRequest(request, reply, formatIssues(parsed.error.issues));
        const page = await service.pull(parsed.data.cursor, parsed.data.limit);
        // Idle stations poll constantly; empty pages would drown the useful lines at info level.
        const level = page.events.length > 0 ? 'info' : 'debug';
        request.log[level]({ cursor: parsed.data.cursor, events: page.events.length, nextCursor: page.nextCursor, upToDate: page.upToDate }, 'pull served');
        const body: PullResponse = { ...page, serverTime: clock.now() };
        return body;
      });
    },
    { prefix: '/v1' },
  );

  return app;
}

function badRequest(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  request.log.info({ reason: message }, 'bad request');
  return reply.code(400).send(errorBody('bad_request', message));
}

/** `?cursor=&limit=` means "use the defaults", not "cursor 0, limit 0". */
function withoutEmptyValues(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}
