import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../../../shared/logger.js';
import type { ConnectionEnds } from '../window-access/local-address.js';
import type { HostAllowlist } from './host-allowlist.js';
import { guardUpgrades } from './upgrade-guard.js';

/** The first byte of a TLS ClientHello record (content type "handshake"). */
const TLS_HANDSHAKE = 0x16;
/** A connection that says nothing for this long is dropped before either protocol looks at it. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

export interface WindowServerOptions {
  /** Pages, assets and endpoints, once the Host and the client's side (plain or TLS) are accepted. */
  handler: RequestListener;
  /** The certificate LAN windows are served with; plain HTTP serves this machine only. */
  tls: { key: string; cert: string };
  hosts: HostAllowlist;
  /** Whether a connection comes from this machine (see window-access/local-address.ts). */
  isLocal: (socket: ConnectionEnds) => boolean;
  logger: Logger;
}

/**
 * The window port. Plain HTTP and HTTPS share it, told apart by the first byte a client sends: windows
 * on this machine keep their http:// URLs (the Electron shell, `npm start`'s windows, tests), while a
 * LAN device must come over TLS with the station's self-signed certificate, whose fingerprint the
 * pairing screen shows so it can be checked. A LAN client on the plain side is redirected (pages) or
 * refused (sockets, anything else). Every request and upgrade must name an allowed Host.
 */
export class WindowServer {
  readonly plain: Server;
  readonly secure: Server;
  private readonly tcp: TcpServer;
  private refusedHostCount = 0;
  /** Every TCP connection, so close() ends them all (upgraded sockets and ones still silent included). */
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: WindowServerOptions) {
    this.plain = createHttpServer((request, response) => this.onRequest(request, response, false));
    this.secure = createHttpsServer(
      { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2', handshakeTimeout: FIRST_BYTE_TIMEOUT_MS },
      (request, response) => this.onRequest(request, response, true),
    );
    // A failed handshake (wrong protocol, a scanner) is the client's problem, not the station's.
    this.secure.on('tlsClientError', (err: Error, socket: TLSSocket) => {
      options.logger.debug({ err, address: socket.remoteAddress }, 'TLS handshake on the window port failed');
      socket.destroy();
    });
    const log = options.logger;
    guardUpgrades(this.plain, log, {
      allowHost: (host) => options.hosts.allows(host),
      onRefusedHost: () => this.refusedHostCount++,
      refuseClient: (request) => (options.isLocal(request.socket) ? undefined : 'LAN windows connect over wss:// (TLS), not ws://'),
    });
    guardUpgrades(this.secure, log, { allowHost: (host) => options.hosts.allows(host), onRefusedHost: () => this.refusedHostCount++ });
    // Slow clients (a request trickled a byte at a time, a TLS handshake never finished) are dropped
    // in seconds, not Node's minutes: the port serves a handful of windows, not the internet.
    for (const server of this.servers) {
      server.headersTimeout = HEADERS_TIMEOUT_MS;
      server.requestTimeout = REQUEST_TIMEOUT_MS;
    }
    this.tcp = createTcpServer({ pauseOnConnect: true }, (socket) => this.route(socket));
  }

  /** Both servers: the WebSocket transport listens for upgrades on each. */
  get servers(): readonly Server[] {
    return [this.plain, this.secure];
  }

  get refusedHosts(): number {
    return this.refusedHostCount;
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, host, () => {
        this.tcp.off('error', reject);
        resolve(this.tcp.address() as AddressInfo);
      });
    });
  }

  async close(): Promise<void> {
    const closing = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closing;
  }

  /** Hands a connection to the HTTP or the HTTPS server by its first byte, which stays in the stream. */
  private route(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.options.logger.debug({ err, address: socket.remoteAddress }, 'window connection failed'));
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, () => socket.destroy());
    const peek = (): void => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        if (!socket.destroyed && !socket.readableEnded) socket.once('readable', peek);
        return;
      }
      socket.setTimeout(0);
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? this.secure : this.plain).emit('connection', socket);
    };
    peek();
  }

  /** A throw in a request listener would end the station: whatever goes wrong answers this client only. */
  private onRequest(request: IncomingMessage, response: ServerResponse, secure: boolean): void {
    try {
      this.serve(request, response, secure);
    } catch (err) {
      this.options.logger.warn({ err, address: request.socket.remoteAddress }, 'window request failed');
      if (response.headersSent) response.destroy();
      else response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('bad request\n');
    }
  }

  private serve(request: IncomingMessage, response: ServerResponse, secure: boolean): void {
    const { hosts, isLocal, handler, logger } = this.options;
    const host = request.headers.host;
    if (!hosts.allows(host)) {
      this.refusedHostCount++;
      logger.warn({ address: request.socket.remoteAddress, host: host?.slice(0, 100) }, 'request for a host this station is not refused');
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('unknown host\n');
      return;
    }
    if (!secure && !isLocal(request.socket)) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        // The Host was allowed above, so the redirect stays on a name this station answers to.
        response.writeHead(308, { Location: `https://${host}${request.url ?? '/'}`, Connection: 'close' }).end();
      } else {
        response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('use https\n');
      }
      return;
    }
    handler(request, response);
  }
}
