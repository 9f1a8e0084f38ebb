import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { StoreId } from '../shared/sync/protocol.js';
import type { Principal } from './auth/credentials.js';
import { bearerChecker, parseBearer } from './http/auth.js';
import type { ServerContext } from './http/context.js';
import { errorBody, handleError, HttpError } from './http/errors.js';
import { buildOpenApiDocument } from './ops/openapi.js';
import { adminRoutes } from './routes/admin.js';
import { channelRoutes } from './routes/channel.js';
import { storeDataRoutes } from './routes/store-data.js';
import { syncRoutes } from './routes/sync.js';

export type { ServerContext } from './http/context.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface RateLimitOptions {
  /** Requests per window per credential (or per client address without one). */
  max: number;
  timeWindowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 1200, timeWindowMs: 60_000 };

export interface ServerAppOptions {
  context: ServerContext;
  /** A pino logger; request logging is off when absent. */
  logger?: FastifyBaseLogger;
  /** false turns the limit off (benchmarks); per instance, in memory. */
  rateLimit?: RateLimitOptions | false;
}

const LIVE_PATH = /^\/v1\/stores\/([^/?#]+)\/live(?:\?.*)?$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const OPEN_PATHS = new Set(['/health', '/ready', '/openapi.json']);

export function buildServerApp(options: ServerAppOptions): FastifyInstance {
  const ctx = options.context;
  const checkAdmin = ctx.adminToken === undefined ? undefined : bearerChecker(ctx.adminToken);
  const app: FastifyInstance = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A station may send its own request id so one id follows a request through both logs.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.decorateRequest('principal', null);

  /** Admin token, then issued credentials; never logs the token itself. */
  const authenticate = async (header: string | undefined): Promise<{ ok: true; principal: Principal } | { ok: false; reason: string }> => {
    const bearer = parseBearer(header);
    if (!bearer.ok) return bearer;
    if (checkAdmin?.(header).ok) return { ok: true, principal: { kind: 'admin' } };
    const principal = await ctx.credentials.verify(bearer.token);
    return principal === undefined ? { ok: false, reason: 'unknown or revoked' } : { ok: true, principal };
  };

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
  let closing = false;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A keep-alive connection that goes idle after shutdown began would hold close() open until
    // its keep-alive timeout; answering in-flight requests with "close" ends it right away.
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  // Live connections must be closed before the HTTP server can finish closing.
  app.addHook('preClose', async () => {
    closing = true;
    await ctx.hub.close();
  });

  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    void app.register(rateLimit, {
      global: true,
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // Per credential: stations behind one shop router share an address but not a token.
      keyGenerator: (request) => {
        const header = request.headers.authorization;
        return header ? `token:${createHash('sha256').update(header).digest('base64url')}` : `ip:${request.ip}`;
      },
      allowList: (request) => OPEN_PATHS.has(request.url.split('?')[0] ?? ''),
      onExceeded: () => ctx.metrics.rateLimited.inc(),
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `rate limit exceeded, retry in ${context.after}`, {
          'retry-after': String(Math.ceil(context.ttl / 1000)),
        }),
    });
  }

  void app.register(async (root) => {
    root.get('/health', async () => ({ ok: true }));
    root.get('/ready', async (_request, reply) => {
      const state = await ctx.readiness();
      return reply.code(state.ready ? 200 : 503).send(state);
    });
    root.get('/openapi.json', async () => buildOpenApiDocument());
    root.get('/metrics', async (request, reply) => {
      if (!checkAdmin?.(request.headers.authorization).ok) {
        throw new HttpError(
          401,
          'unauthorized',
          ctx.adminToken === undefined ? 'metrics are disabled: the server has no admin token' : 'metrics need the admin token',
          {
            'www-authenticate': 'Bearer',
          },
        );
      }
      const { contentType, body } = await ctx.metrics.render();
      return reply.type(contentType).send(body);
    });

    await root.register(
      async (v1) => {
        v1.addHook('onRequest', async (request, reply) => {
          const result = await authenticate(request.headers.authorization);
          if (result.ok) {
            request.principal = result.principal;
            if (result.principal.kind !== 'admin')
              request.log = request.log.child({ storeId: result.principal.storeId, credentialId: result.principal.credentialId });
            return;
          }
          request.log.warn({ reason: result.reason }, 'request refused: not authenticated');
          return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'missing or invalid bearer token'));
        });
        await v1.register(syncRoutes(ctx));
        await v1.register(channelRoutes(ctx));
        await v1.register(storeDataRoutes(ctx));
        await v1.register(adminRoutes(ctx), { prefix: '/admin' });
      },
      { prefix: '/v1' },
    );
  });

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    void upgrade(request, socket, head).catch((error: unknown) => {
      app.log.error({ err: error }, 'live upgrade failed');
      refuseUpgrade(socket, 500, 'internal_error', 'internal server error');
    });
  });

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const log = app.log.child({ reqId: randomUUID(), url: request.url?.split('?')[0] });
    const match = LIVE_PATH.exec(request.url ?? '');
    if (!match?.[1]) return refuseUpgrade(socket, 404, 'not_found', 'no WebSocket endpoint here');
    const store = StoreId.safeParse(decodeURIComponent(match[1]));
    if (!store.success) return refuseUpgrade(socket, 400, 'bad_request', 'store: invalid store id');
    const auth = await authenticate(request.headers.authorization);
    if (!auth.ok) {
      log.warn({ reason: auth.reason }, 'live connection refused: not authenticated');
      return refuseUpgrade(socket, 401, 'unauthorized', 'missing or invalid bearer token');
    }
    const principal = auth.principal;
    if (principal.kind !== 'station') return refuseUpgrade(socket, 403, 'forbidden', 'only station credentials may open the live channel');
    if (principal.storeId !== store.data) {
      return refuseUpgrade(socket, 403, 'wrong_store', `this credential belongs to store "${principal.storeId}", not "${store.data}"`);
    }
    ctx.hub.accept(request, socket, head, store.data, log.child({ credentialId: principal.credentialId }));
  }

  return app;
}

function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(errorBody(code, message));
  const reason =
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}\r\n${body}`,
  );
}
