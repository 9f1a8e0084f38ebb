import { wsText } from './ws-text.js';
import { refuseUpgrade, requestPath, sameOrigin } from '../http/upgrade-guard.js';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { pushEvents, type PushEventName, type WindowRole } from '../../../shared/ipc/contract.js';
import { ClientFrame, CloseCode, MAX_FRAME_BYTES, type ServerFrame } from '../../../shared/ipc/wire.js';
import type { Logger } from '../../../shared/logger.js';
import { clientKey } from './client-key.js';
import type { Dispatch } from './dispatch.js';
import type { TokenRegistry } from './tokens.js';

export interface WsIpcOptions {
  server: Server;
  path: string;
  tokens: TokenRegistry;
  dispatch: Dispatch;
  stationId: string;
  logger: Logger;
  authTimeoutMs?: number;
  heartbeatMs?: number;
}

interface Client {
  socket: WebSocket;
  id: number;
  role: WindowRole | undefined;
  alive: boolean;
  /** Where the connection came from: with the role, who wrong PINs are counted against. */
  address: string | undefined;
}

/**
 * The WebSocket transport of the IPC contract, for browser windows (kitchen tablets on the LAN,
 * tests). A connection must authenticate with its window token first; every frame is validated.
 */
export class WsIpcServer {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private nextId = 1;

  constructor(private readonly options: WsIpcOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    options.server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  broadcast<K extends PushEventName>(name: K, payload: unknown): void {
    const roles: readonly WindowRole[] = pushEvents[name].roles;
    // Serialised once, and only when some window listens: a station catching up with no kitchen
    // screen open would otherwise stringify every changed order for nobody.
    let frame: string | undefined;
    for (const client of this.clients) {
      if (!client.role || !roles.includes(client.role)) continue;
      frame ??= JSON.stringify({ t: 'evt', name, payload } satisfies ServerFrame);
      client.socket.send(frame);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.options.server.off('upgrade', this.onUpgrade);
    for (const client of this.clients) client.socket.close(CloseCode.shuttingDown, 'station shutting down');
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (requestPath(request.url) !== this.options.path) return;
    // Browsers always send Origin: a page from another site must not drive the till, token or not.
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, request.headers.host)) {
      this.options.logger.warn({ origin: origin.slice(0, 200) }, 'websocket from foreign origin refused');
      refuseUpgrade(socket, 403);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, request.socket.remoteAddress));
  };

  private onConnection(socket: WebSocket, address: string | undefined): void {
    const client: Client = { socket, id: this.nextId++, role: undefined, alive: true, address };
    this.clients.add(client);
    const log = this.options.logger.child({ connectionId: client.id });
    const authTimer = setTimeout(() => {
      if (!client.role) socket.close(CloseCode.unauthorized, 'authentication timeout');
    }, this.options.authTimeoutMs ?? 5_000);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', (code) => {
      clearTimeout(authTimer);
      this.clients.delete(client);
      log.debug({ code }, 'window disconnected');
    });
    socket.on('error', (error) => {
      // ws closes the socket itself (e.g. 1009 for an oversized frame); record why.
      log.warn({ err: error }, 'websocket error');
    });
    socket.on('message', (data, isBinary) => {
      void this.onMessage(client, data, isBinary, log);
    });
  }

  private async onMessage(client: Client, data: RawData, isBinary: boolean, log: Logger): Promise<void> {
    const send = (frame: ServerFrame) => client.socket.send(JSON.stringify(frame));
    let json: unknown;
    try {
      if (isBinary) throw new Error('binary frames are not part of the protocol');
      json = JSON.parse(wsText(data));
    } catch (error) {
      return this.protocolError(client, `Malformed frame: ${(error as Error).message}`);
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) return this.protocolError(client, `Malformed frame: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const frame = parsed.data;

    if (!client.role) {
      if (frame.t !== 'auth') {
        send({ t: 'error', error: { code: 'unauthorized', message: 'Authenticate first' } });
        client.socket.close(CloseCode.unauthorized, 'not authenticated');
        return;
      }
      const role = this.options.tokens.roleFor(frame.token);
      if (!role) {
        log.warn({}, 'window token rejected');
        send({ t: 'error', error: { code: 'unauthorized', message: 'Unknown window token' } });
        client.socket.close(CloseCode.unauthorized, 'bad token');
        return;
      }
      client.role = role;
      log.info({ role }, 'window connected');
      send({ t: 'welcome', role, stationId: this.options.stationId });
      return;
    }

    switch (frame.t) {
      case 'auth':
        return send({ t: 'error', error: { code: 'bad_request', message: 'Already authenticated' } });
      case 'ping':
        return send({ t: 'pong', id: frame.id });
      case 'req': {
        const result = await this.options.dispatch(
          client.role,
          frame.cmd,
          frame.args,
          `ws-${client.id}-${frame.id}`,
          clientKey(client.role, client.address),
        );
        if (client.socket.readyState === client.socket.OPEN) send({ t: 'res', id: frame.id, result });
        return;
      }
    }
  }

  private protocolError(client: Client, message: string): void {
    client.socket.send(JSON.stringify({ t: 'error', error: { code: 'bad_request', message } } satisfies ServerFrame));
    if (!client.role) client.socket.close(CloseCode.protocolError, 'protocol error');
  }

  private sweep(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
