import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request. Faults that forward first (`reset-response`,
 * `truncate-response`, `hang` with `forward`) let the server commit and then lose the answer: the
 * case where a naive client pushes twice.
 */
export type FaultAction =
  | { kind: 'pass' }
  /** Answer without forwarding (500, 503, 429 …), optionally with `Retry-After` in seconds. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Never answer; with `forward` the server still gets (and commits) the request. */
  | { kind: 'hang'; forward: boolean }
  /** Destroy the connection after part of the request body arrived: the server sees nothing. */
  | { kind: 'reset-request' }
  /** Forward, let the server answer, then destroy the connection instead of relaying the answer. */
  | { kind: 'reset-response' }
  /** Forward, then relay the headers and only half of the body before destroying the connection. */
  | { kind: 'truncate-response' }
  /**
   * Forward with the JSON request body rewritten (one event made invalid: a poison event) and/or
   * relay the JSON answer rewritten (a pull page duplicated and reordered by a broken cache).
   */
  | { kind: 'rewrite'; request?: (json: unknown) => unknown; response?: (json: unknown) => unknown };

/** Which requests a scripted action applies to. */
export type Route = 'push' | 'pull' | 'any';

export interface ProxiedRequest {
  method: string;
  path: string;
  route: Route;
  action: FaultAction['kind'];
}

export interface FaultProxy {
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly requests: readonly ProxiedRequest[];
  /** Queues actions for the next requests of `route`; requests with nothing queued pass. */
  script(route: Route, ...actions: FaultAction[]): void;
  /** Requests of a route seen so far. */
  count(route: Route): number;
  /** Points the proxy at another server (a restarted one): the station keeps its configured URL. */
  setUpstream(url: string): void;
  close(): Promise<void>;
}

function routeOf(method: string, path: string): Route {
  if (method === 'POST' && path.endsWith('/sync/push')) return 'push';
  if (method === 'GET' && path.includes('/sync/pull')) return 'pull';
  return 'any';
}

/**
 * A real loopback HTTP server in front of the central server, scriptable per request, so the
 * station's sync client meets genuine sockets, status codes and broken connections.
 */
export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  let upstream = new URL(upstreamUrl);
  const queues: Record<Route, FaultAction[]> = { push: [], pull: [], any: [] };
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const nextAction = (route: Route): FaultAction => queues[route].shift() ?? queues.any.shift() ?? { kind: 'pass' };

  /** Sends the request on and resolves with the server's full answer. */
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  const relay = (res: ServerResponse, answer: { status: number; headers: IncomingHttpHeaders; body: Buffer }) => {
    const { 'transfer-encoding': _chunked, connection: _connection, ...headers } = answer.headers;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const route = routeOf(method, path);
    const action = nextAction(route);
    requests.push({ method, path, route, action: action.kind });

    if (action.kind === 'reset-request') {
      // Wait for the first bytes of the body (or the headers alone for a GET), then cut the line.
      if (method === 'GET') req.socket.destroy();
      else req.once('data', () => req.socket.destroy());
      return;
    }
    const body = await readBody(req);
    switch (action.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
        res.writeHead(action.status, headers);
        res.end(JSON.stringify({ error: { code: 'injected_fault', message: `fault proxy answered ${action.status}` } }));
        return;
      }
      case 'hang':
        if (action.forward) await forward(req, body);
        return; // the socket stays open until the client gives up or the proxy closes
      case 'reset-response':
        await forward(req, body);
        req.socket.destroy();
        return;
      case 'truncate-response': {
        const answer = await forward(req, body);
        res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(answer.body.length) });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        // Give the half body a moment on the wire so the client sees a short read, not a refused connection.
        setImmediate(() => req.socket.destroy());
        return;
      }
      case 'rewrite': {
        const sent = action.request ? Buffer.from(JSON.stringify(action.request(JSON.parse(body.toString('utf8'))))) : body;
        const answer = await forward(req, sent);
        if (action.response && answer.status === 200)
          answer.body = Buffer.from(JSON.stringify(action.response(JSON.parse(answer.body.toString('utf8')))));
        relay(res, answer);
        return;
      }
      case 'pass':
        relay(res, await forward(req, body));
        return;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The upstream is gone (a "server down" phase): answer like a gateway would.
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'bad_gateway', message: (error as Error).message } }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(route, ...actions) {
      queues[route].push(...actions);
    },
    setUpstream(url) {
      upstream = new URL(url);
    },
    count(route) {
      return requests.filter((r) => route === 'any' || r.route === route).length;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
