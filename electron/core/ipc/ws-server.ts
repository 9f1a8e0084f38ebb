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
import type { ConnectionEnds } from '../window-access/local-address.js';
import type { PairedDevice } from '../window-access/device-registry.js';
import type { WindowIdentity } from '../window-access/window-access.js';

export interface WsIpcOptions {
  /** The window port's servers (plain HTTP for this machine, HTTPS for the LAN): upgrades come from each. */
  servers: readonly Server[];
  path: string;
  /** Who a token opens a window for; `local` says whether the connection comes from this machine. */
  authenticate: (token: string, local: boolean) => WindowIdentity | undefined;
  isLocal: (socket: ConnectionEnds) => boolean;
  /** Open connections (authenticated or not) beyond which a new one is closed with 4429. */
  maxConnections: number;
  /** A paired device was heard from (any frame after its auth); the registry writes this at most once a minute. */
  deviceSeen?: (device: PairedDevice) => void;
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
  /** Set for a paired LAN device: revoking it closes this connection. */
  deviceId: string | undefined;
  /** The paired device behind it, whose last-seen time its frames keep current. */
  device: PairedDevice | undefined;
  local: boolean;
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
  private refusedAtCapCount = 0;

  constructor(private readonly options: WsIpcOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    for (const server of options.servers) server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  get refusedAtCap(): number {
    return this.refusedAtCapCount;
  }

  /** Open connections of one paired device. */
  deviceConnections(deviceId: string): number {
    let count = 0;
    for (const client of this.clients) if (client.deviceId === deviceId) count++;
    return count;
  }

  /** Closes every connection of a revoked device; how many there were. */
  closeDevice(deviceId: string): number {
    let closed = 0;
    for (const client of this.clients) {
      if (client.deviceId !== deviceId) continue;
      client.role = undefined;
      client.deviceId = undefined;
      client.device = undefined;
      client.socket.close(CloseCode.unauthorized, 'device revoked');
      closed++;
    }
    return closed;
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
    for (const server of this.options.servers) server.off('upgrade', this.onUpgrade);
    for (const client of this.clients) client.socket.close(CloseCode.shuttingDown, 'station shutting down');
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // The upgrade guard answered it already (unknown host, a LAN client on plain ws://, a bad target).
    if (socket.destroyed || socket.writableEnded) return;
    if (requestPath(request.url) !== this.options.path) return;
    // Browsers always send Origin: a page from another site must not drive the till, token or not.
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, request.headers.host)) {
      this.options.logger.warn({ origin: origin.slice(0, 200) }, 'websocket from foreign origin refused');
      refuseUpgrade(socket, 403);
      return;
    }
    const local = this.options.isLocal(request.socket);
    const atCap = this.clients.size >= this.options.maxConnections;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (!atCap) return this.onConnection(ws, local, request.socket.remoteAddress);
      // Completed, then closed with its own code: a browser sees only "failed" for a refused handshake.
      this.refusedAtCapCount++;
      this.options.logger.warn(
        { max: this.options.maxConnections, address: request.socket.remoteAddress },
        'window connection cap reached',
      );
      ws.on('error', () => undefined);
      ws.close(CloseCode.tooManyConnections, 'too many window connections');
    });
  };

  private onConnection(socket: WebSocket, local: boolean, address: string | undefined): void {
    const client: Client = {
      socket,
      id: this.nextId++,
      role: undefined,
      deviceId: undefined,
      device: undefined,
      local,
      alive: true,
      address,
    };
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
      const identity = this.options.authenticate(frame.token, client.local);
      if (!identity) {
        log.warn({ local: client.local }, 'window token rejected');
        send({ t: 'error', error: { code: 'unauthorized', message: 'Unknown window token' } });
        client.socket.close(CloseCode.unauthorized, 'bad token');
        return;
      }
      const { role } = identity;
      client.role = role;
      if (identity.kind === 'device') {
        client.deviceId = identity.device.id;
        client.device = identity.device;
      }
      log.info({ role, ...(client.deviceId ? { deviceId: client.deviceId } : {}) }, 'window connected');
      send({ t: 'welcome', role, stationId: this.options.stationId });
      return;
    }

    if (client.device) this.options.deviceSeen?.(client.device);
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
          // A paired device is counted by its own token, wherever it roams on the LAN.
          client.deviceId === undefined ? clientKey(client.role, client.address) : `device:${client.deviceId}`,
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
