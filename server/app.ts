import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { StoreId } from '../shared/sync/protocol.js';
import type { Principal } from './auth/credentials.js';
import { bearerChecker, parseBearer } from './http/auth.js';
import type { ServerContext } from './http/context.js';
import { errorBody, handleError, HttpError } from './http/errors.js';
import { ClientAddress } from './http/client-address.js';
import { addressKey, FixedWindowLimiter } from './http/rate-limiter.js';
import { buildOpenApiDocument } from './ops/openapi.js';
import { adminRoutes } from './routes/admin.js';
import { channelRoutes } from './routes/channel.js';
import { menuRoutes } from './routes/menu.js';
import { meshRoutes } from './routes/mesh.js';
import { storeDataRoutes } from './routes/store-data.js';
import { syncRoutes } from './routes/sync.js';

export type { ServerContext } from './http/context.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface RateLimitOptions {
  /** Requests per window per credential, counted after it is verified. */
  max: number;
  timeWindowMs: number;
  /**
   * Requests per window per client address (IPv6: per /64), counted before authentication. Stations
   * behind one shop router share an address, so it is well above `max`; default 10 × `max`.
   */
  maxPerAddress?: number;
  /** Unknown or revoked tokens per window per address; beyond it no token is looked up. Default 30. */
  authFailuresPerAddress?: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 1200, timeWindowMs: 60_000 };

export interface ServerAppOptions {
  context: ServerContext;
  /** A pino logger; request logging is off when absent. */
  logger?: FastifyBaseLogger;
  /** false turns the limit off (benchmarks); per instance, in memory. */
  rateLimit?: RateLimitOptions | false;
  /** Reverse proxies (addresses or CIDR) whose `X-Forwarded-For` names the client the limit counts. */
  trustedProxies?: readonly string[];
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

  const limits = options.rateLimit === false ? undefined : rateLimiters(options.rateLimit ?? DEFAULT_RATE_LIMIT, ctx);
  const clients = new ClientAddress(options.trustedProxies);
  const clientKey = (request: IncomingMessage) => addressKey(clients.of(request.socket.remoteAddress, request.headers['x-forwarded-for']));

  /**
   * Admin token, then issued credentials; never logs the token itself. An address that keeps
   * presenting unknown tokens is refused before the database is asked, and a verified principal
   * is counted against its own budget, not its address's.
   */
  const authenticate = async (header: string | undefined, address: string): Promise<AuthOutcome> => {
    const bearer = parseBearer(header);
    if (!bearer.ok) return bearer;
    const failures = limits?.authFailures.exhausted(address);
    if (failures?.ok === false)
      return { ok: false, reason: 'too many failed sign-ins from this address', retryAfterMs: failures.retryAfterMs };
    let principal: Principal | undefined;
    if (checkAdmin?.(header).ok) principal = { kind: 'admin' };
    else principal = await ctx.credentials.verify(bearer.token);
    if (principal === undefined) {
      limits?.authFailures.hit(address);
      return { ok: false, reason: 'unknown or revoked' };
    }
    const spent = limits?.perCredential.hit(principal.kind === 'admin' ? 'admin' : principal.credentialId);
    if (spent?.ok === false) return { ok: false, reason: 'credential over its rate limit', retryAfterMs: spent.retryAfterMs };
    return { ok: true, principal };
  };
  const tooMany = (retryAfterMs: number) => {
    ctx.metrics.rateLimited.inc();
    return new HttpError(429, 'rate_limited', `rate limit exceeded, retry in ${Math.ceil(retryAfterMs / 1000)} s`, {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    });
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

  if (limits !== undefined) {
    // Before any route and any credential lookup: the address is all that is known yet.
    app.addHook('onRequest', async (request) => {
      if (OPEN_PATHS.has(request.url.split('?')[0] ?? '')) return;
      const result = limits.perAddress.hit(clientKey(request.raw));
      if (!result.ok) throw tooMany(result.retryAfterMs);
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
          const result = await authenticate(request.headers.authorization, clientKey(request.raw));
          if (!result.ok && result.retryAfterMs !== undefined) {
            request.log.warn({ reason: result.reason }, 'request refused: rate limited');
            throw tooMany(result.retryAfterMs);
          }
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
        await v1.register(meshRoutes(ctx));
        await v1.register(storeDataRoutes(ctx));
        await v1.register(menuRoutes(ctx));
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
    const address = clientKey(request);
    const spent = limits?.perAddress.hit(address);
    const auth: AuthOutcome =
      spent?.ok === false
        ? { ok: false, reason: 'address over its rate limit', retryAfterMs: spent.retryAfterMs }
        : await authenticate(request.headers.authorization, address);
    if (!auth.ok && auth.retryAfterMs !== undefined) {
      log.warn({ reason: auth.reason }, 'live connection refused: rate limited');
      ctx.metrics.rateLimited.inc();
      return refuseUpgrade(socket, 429, 'rate_limited', 'rate limit exceeded');
    }
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
    { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error' }[
      status
    ] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}\r\n${body}`,
  );
}

type AuthOutcome = { ok: true; principal: Principal } | { ok: false; reason: string; retryAfterMs?: number };

function rateLimiters(limit: RateLimitOptions, ctx: ServerContext) {
  return {
    perAddress: new FixedWindowLimiter(limit.maxPerAddress ?? limit.max * 10, limit.timeWindowMs, ctx.clock),
    authFailures: new FixedWindowLimiter(limit.authFailuresPerAddress ?? 30, limit.timeWindowMs, ctx.clock),
    perCredential: new FixedWindowLimiter(limit.max, limit.timeWindowMs, ctx.clock),
  };
}
