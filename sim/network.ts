import type { RawData } from 'ws';
import type { PeerSocket } from '../electron/core/mesh/peer-socket.js';
import type { SimRandom } from './random.js';
import type { SimWorld } from './world.js';

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** WebSocket's "closed abnormally": the peer vanished (reset, cable out, crash). */
export const ABNORMAL_CLOSE = 1006;

export interface NetworkFaults {
  /** Per frame on a LAN connection: the connection resets, and this frame and those behind it are lost. */
  resetPerFrame: number;
  /** Per HTTP exchange with the server: the request is lost (the client times out). */
  requestLoss: number;
  /** Per HTTP exchange: the server handled it but the answer is lost (the client times out and retries: a duplicate). */
  responseLoss: number;
}

/**
 * The store's networks as the seed has them: LAN segments (stations in the same segment reach each
 * other; a partition splits them), each station's internet link, and latencies. Connections are
 * TCP-like: frames arrive in order or not at all, and a connection that loses one is reset (both
 * ends see it close), which is what a WebSocket gives the mesh.
 */
export class SimNetwork {
  private readonly segment = new Map<string, number>();
  private readonly online = new Map<string, boolean>();
  private readonly up = new Map<string, boolean>();
  readonly connections = new Set<SimConnection>();

  constructor(
    readonly world: SimWorld,
    readonly random: SimRandom,
    readonly faults: NetworkFaults,
  ) {}

  addHost(id: string): void {
    this.segment.set(id, 0);
    this.online.set(id, true);
    this.up.set(id, true);
  }

  /** Splits the LAN: each host's segment number (hosts in the same one reach each other). */
  partitionLan(segments: ReadonlyMap<string, number>): void {
    for (const [id, segment] of segments) this.segment.set(id, segment);
    for (const connection of [...this.connections]) if (!this.lanReachable(connection.a.host, connection.b.host)) connection.reset();
  }

  healLan(): void {
    for (const id of this.segment.keys()) this.segment.set(id, 0);
  }

  setOnline(id: string, online: boolean): void {
    this.online.set(id, online);
  }

  isOnline(id: string): boolean {
    return (this.online.get(id) ?? false) && (this.up.get(id) ?? false);
  }

  setUp(id: string, up: boolean): void {
    this.up.set(id, up);
    if (!up) for (const connection of [...this.connections]) if (connection.a.host === id || connection.b.host === id) connection.reset(id);
  }

  lanReachable(a: string, b: string): boolean {
    return (this.up.get(a) ?? false) && (this.up.get(b) ?? false) && this.segment.get(a) === this.segment.get(b);
  }

  lanLatency(): number {
    return this.random.int(1, 15);
  }

  internetLatency(): number {
    return this.random.int(15, 150);
  }

  /** Opens a connection from `a` to `b` (the caller checked reachability); both ends are open at once. */
  connect(a: string, b: string): SimConnection {
    const connection = new SimConnection(this, a, b);
    this.connections.add(connection);
    return connection;
  }

  /** End of a run: every connection closes now, so no session keeps a timer. */
  closeAll(): void {
    for (const connection of [...this.connections]) connection.reset(undefined, 0);
  }
}

/** One TCP-like connection between two hosts: two sockets, each direction in order. */
export class SimConnection {
  readonly a: SimSocket;
  readonly b: SimSocket;
  private dead = false;

  constructor(
    private readonly net: SimNetwork,
    a: string,
    b: string,
  ) {
    this.a = new SimSocket(this, a);
    this.b = new SimSocket(this, b);
  }

  other(socket: SimSocket): SimSocket {
    return socket === this.a ? this.b : this.a;
  }

  transmit(from: SimSocket, deliver: (to: SimSocket) => void, label: string): void {
    if (this.dead) return;
    if (this.net.random.chance(this.net.faults.resetPerFrame)) {
      this.net.world.trace(`net reset ${from.host}->${this.other(from).host} losing ${label}`);
      this.reset();
      return;
    }
    const to = this.other(from);
    const arrival = Math.max(from.lastArrival, this.net.world.now() + this.net.lanLatency());
    from.lastArrival = arrival;
    this.net.world.at(arrival, `deliver ${label}`, () => {
      if (this.dead || to.readyState === CLOSED) return;
      deliver(to);
    });
  }

  /** A closing handshake begun by `from`: the peer sees the close after the frames before it, then `from` does. */
  close(from: SimSocket, code: number, reason: string): void {
    if (this.dead || from.readyState !== OPEN) return;
    from.readyState = CLOSING;
    this.transmit(
      from,
      (to) => {
        to.closed(code, reason);
        this.net.world.after(this.net.lanLatency(), 'close echo', () => {
          from.closed(code, reason);
          this.forget();
        });
      },
      `close ${code}`,
    );
  }

  /**
   * The connection breaks: frames on the way are lost; each end notices after a while (at once for
   * the end that reset it). `crashed`: that end's process is gone (its session only lets go of its timers).
   */
  reset(crashed?: string, noticeMs?: number): void {
    if (this.dead) return;
    this.dead = true;
    this.forget();
    for (const socket of [this.a, this.b]) {
      if (socket.readyState === CLOSED) continue;
      // A crashed end's process is gone: closing its socket only releases what the session held.
      const after = socket.host === crashed ? 0 : (noticeMs ?? this.net.random.int(1, 400));
      if (after === 0) socket.closed(ABNORMAL_CLOSE, '');
      else this.net.world.after(after, `notice reset at ${socket.host}`, () => socket.closed(ABNORMAL_CLOSE, ''));
    }
  }

  private forget(): void {
    this.net.connections.delete(this);
  }
}

type Listener<A extends unknown[]> = (...args: A) => void;

/** One end of a simulated connection, with exactly the WebSocket members the peer protocol uses. */
export class SimSocket implements PeerSocket {
  readonly OPEN = OPEN;
  readyState = OPEN;
  readonly bufferedAmount = 0;
  /** When the last frame sent from this end arrives at the other: later frames never overtake it. */
  lastArrival = 0;
  private readonly messageListeners: Listener<[RawData, boolean]>[] = [];
  private readonly pongListeners: Listener<[]>[] = [];
  private readonly closeListeners: Listener<[number, Buffer]>[] = [];

  constructor(
    private readonly connection: SimConnection,
    readonly host: string,
  ) {}

  send(data: string): void {
    if (this.readyState !== OPEN) return;
    this.connection.transmit(this, (to) => to.messageListeners.forEach((l) => l(Buffer.from(data), false)), frameLabel(data));
  }

  ping(): void {
    if (this.readyState !== OPEN) return;
    this.connection.transmit(this, (to) => to.connection.transmit(to, (back) => back.pongListeners.forEach((l) => l()), 'pong'), 'ping');
  }

  terminate(): void {
    this.connection.reset();
  }

  close(code: number, reason: string): void {
    this.connection.close(this, code, reason);
  }

  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
  on(event: 'pong', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'message' | 'pong' | 'error' | 'close', listener: Listener<never[]>): this {
    if (event === 'message') this.messageListeners.push(listener as Listener<[RawData, boolean]>);
    else if (event === 'pong') this.pongListeners.push(listener);
    else if (event === 'close') this.closeListeners.push(listener as Listener<[number, Buffer]>);
    // A simulated socket has no errors of its own: a failure is a reset, which closes it.
    return this;
  }

  closed(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    for (const listener of this.closeListeners) listener(code, Buffer.from(reason));
  }
}

/** A short name for a frame in the trace: its type and, for events, how many. */
function frameLabel(data: string): string {
  const type = /"t":"([a-z]+)"/.exec(data)?.[1] ?? '?';
  if (type !== 'events') return type;
  return `events(${(data.match(/"seq":/g) ?? []).length})`;
}
