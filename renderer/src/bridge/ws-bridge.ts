import type { CommandArgs, CommandName, CommandResult, IpcResult, PushEventName, PushPayload } from '../../../shared/ipc/contract.js';
import { CloseCode, ServerFrame, type ClientFrame } from '../../../shared/ipc/wire.js';
import { backoffDelay, type BackoffPolicy } from '../../../shared/util/backoff.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import {
  CONNECTION_LOST,
  NOT_CONNECTED,
  TOKEN_MISSING,
  TOKEN_REJECTED,
  initialConnection,
  type ConnectionState,
  type ManagedBridge,
} from './connection.js';
import { PushHub, type ErrorLog } from './push-hub.js';
import { checkResult, failure } from './results.js';

/** The slice of the DOM WebSocket this bridge uses; tests pass a fake with the same shape. */
export interface WebSocketLike {
  send: (data: string) => void;
  close: (code?: number, reason?: string) => void;
  addEventListener: ((type: 'open', listener: () => void) => void) &
    ((type: 'message', listener: (event: { readonly data: unknown }) => void) => void) &
    ((type: 'close', listener: (event: { readonly code: number; readonly reason: string }) => void) => void);
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

// Looked up at call time, not captured, so test fake timers that patch globalThis take effect.
const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WsBridgeOptions {
  /** ws(s)://host/ipc */
  url: string;
  /** Null when the window was opened without one: it then reports `unauthorized` and never connects. */
  token: string | null;
  WebSocketImpl: WebSocketCtor;
  timers?: Timers;
  random?: () => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A core that accepted a request but never answers must not leave the cashier's tap hanging. */
  requestTimeoutMs?: number;
  /** A silently dead TCP link (tablet on flaky Wi-Fi) only shows up when a ping goes unanswered. */
  heartbeatMs?: number;
  logError?: ErrorLog;
  /** Wall clock for `lastActivityAt`; injectable for tests. */
  now?: () => number;
}

type Pending = {
  command: CommandName;
  frame: string;
  sent: boolean;
  timer: unknown;
  resolve: (result: IpcResult<unknown>) => void;
};

type Phase = 'connecting' | 'online' | 'offline' | 'unauthorized' | 'disposed';

const CLIENT_HEARTBEAT_TIMEOUT = 4000;

/**
 * A window reconnecting to its own station core: 500 ms doubling to 10 s. Windows wait between half
 * and all of the ceiling, so windows dropped by one core restart do not all return in lockstep, yet
 * none retries at once while the core is still starting: that is the lower half of a ±50 % band,
 * which `reconnectDelay` draws from.
 */
export const WINDOW_RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 10_000, factor: 2, jitter: 0.5 };

/** Delay before reconnect `attempt` (1-based), in [ceiling / 2, ceiling]. */
export function reconnectDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return backoffDelay(attempt, policy, () => random() / 2);
}

export class WsBridge implements ManagedBridge {
  private readonly hub: PushHub;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly logError: ErrorLog;
  private readonly pending = new Map<string, Pending>();
  private readonly connectionListeners: ListenerSet<ConnectionState>;
  private state: ConnectionState = initialConnection;
  private phase: Phase = 'connecting';
  private socket: WebSocketLike | null = null;
  private failedAttempts = 0;
  private nextId = 0;
  private retryTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private awaitingPong = false;
  private lastActivity: number | null = null;

  constructor(private readonly options: WsBridgeOptions) {
    this.timers = options.timers ?? globalTimers;
    this.random = options.random ?? Math.random;
    this.logError = options.logError ?? ((message, detail) => console.error(`[ws-bridge] ${message}`, detail ?? ''));
    this.hub = new PushHub(this.logError);
    this.connectionListeners = new ListenerSet((error) => this.logError('connection listener threw', error));
    if (options.token === null) {
      this.phase = 'unauthorized';
      this.state = { ...initialConnection, status: 'unauthorized', reason: 'missing_token' };
    } else {
      this.connect();
    }
  }

  invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>> {
    if (this.phase === 'unauthorized') {
      return Promise.resolve(failure('unauthorized', this.state.reason === 'missing_token' ? TOKEN_MISSING : TOKEN_REJECTED));
    }
    if (this.phase === 'disposed') return Promise.resolve(failure('internal', 'This window has been closed'));
    if (this.phase === 'offline') return Promise.resolve(failure('internal', NOT_CONNECTED));

    const id = String(++this.nextId);
    const frame: ClientFrame = { t: 'req', id, cmd: command, args };
    return new Promise<IpcResult<CommandResult<K>>>((resolve) => {
      const entry: Pending = {
        command,
        frame: JSON.stringify(frame),
        sent: false,
        timer: this.timers.setTimeout(() => {
          this.pending.delete(id);
          resolve(failure('internal', `The station did not answer ${command} in time`));
        }, this.options.requestTimeoutMs ?? 15_000),
        resolve: (result) => resolve(result as IpcResult<CommandResult<K>>),
      };
      this.pending.set(id, entry);
      // Requests made while the handshake is still under way wait for `welcome` instead of failing.
      if (this.phase === 'online') this.sendPending(id, entry);
    });
  }

  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void {
    return this.hub.on(event, listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    const unsubscribe = this.connectionListeners.add(listener);
    listener(this.state);
    return unsubscribe;
  }

  dispose(): void {
    if (this.phase === 'disposed') return;
    this.phase = 'disposed';
    this.clearTimer('retryTimer');
    this.clearTimer('heartbeatTimer');
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'window closed');
    this.failPending('This window has been closed');
  }

  private connect(): void {
    this.phase = 'connecting';
    this.setState({ ...this.state, status: 'connecting', reason: null });
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocketImpl(this.options.url);
    } catch (error) {
      this.logError('could not create the WebSocket', error);
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    // Events from a socket we already gave up on (heartbeat timeout, dispose) must not touch state.
    socket.addEventListener('open', () => {
      if (this.socket === socket) this.sendFrame({ t: 'auth', token: this.options.token ?? '' });
    });
    socket.addEventListener('message', (event) => {
      if (this.socket === socket) this.handleFrame(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket === socket) this.handleClose(event.code);
    });
  }

  lastActivityAt(): number | null {
    return this.lastActivity;
  }

  private handleFrame(data: unknown): void {
    this.lastActivity = (this.options.now ?? Date.now)();
    if (typeof data !== 'string') {
      this.logError('dropped a non-text frame from the station');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.logError('dropped a frame that is not JSON', data.slice(0, 200));
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) {
      this.logError('dropped a frame that does not match the wire protocol', json);
      return;
    }
    const frame = parsed.data;
    switch (frame.t) {
      case 'welcome':
        this.phase = 'online';
        this.failedAttempts = 0;
        this.setState({ status: 'online', stationId: frame.stationId, role: frame.role, reason: null });
        for (const [id, entry] of this.pending) if (!entry.sent) this.sendPending(id, entry);
        this.scheduleHeartbeat();
        return;
      case 'res': {
        const entry = this.pending.get(frame.id);
        // Unknown ids are answers to requests that already timed out; their caller has moved on.
        if (!entry) return;
        this.pending.delete(frame.id);
        this.timers.clearTimeout(entry.timer);
        entry.resolve(frame.result.ok ? checkResult(entry.command, frame.result.value) : frame.result);
        return;
      }
      case 'evt':
        this.hub.emit(frame.name, frame.payload);
        return;
      case 'pong':
        this.awaitingPong = false;
        return;
      case 'error':
        this.logError(`station reported ${frame.error.code}: ${frame.error.message}`);
        return;
    }
  }

  private handleClose(code: number): void {
    this.socket = null;
    this.clearTimer('heartbeatTimer');
    this.failPending(CONNECTION_LOST);
    if (this.phase === 'disposed') return;
    if (code === CloseCode.unauthorized) {
      // Retrying a rejected token only hammers the core; a person has to open a fresh link.
      this.phase = 'unauthorized';
      this.setState({ ...this.state, status: 'unauthorized', reason: 'rejected' });
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.phase = 'offline';
    this.setState({ ...this.state, status: 'offline', reason: null });
    const policy: BackoffPolicy = {
      ...WINDOW_RECONNECT_BACKOFF,
      initialMs: this.options.initialBackoffMs ?? WINDOW_RECONNECT_BACKOFF.initialMs,
      maxMs: this.options.maxBackoffMs ?? WINDOW_RECONNECT_BACKOFF.maxMs,
    };
    const delay = reconnectDelay(++this.failedAttempts, policy, this.random);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private scheduleHeartbeat(): void {
    const interval = this.options.heartbeatMs ?? 20_000;
    if (interval <= 0) return;
    this.awaitingPong = false;
    const beat = () => {
      const socket = this.socket;
      if (!socket || this.phase !== 'online') return;
      if (this.awaitingPong) {
        // Do not wait for a closing handshake over a link that is already dead.
        this.socket = null;
        socket.close(CLIENT_HEARTBEAT_TIMEOUT, 'heartbeat timeout');
        this.handleClose(CLIENT_HEARTBEAT_TIMEOUT);
        return;
      }
      this.awaitingPong = true;
      this.sendFrame({ t: 'ping', id: `hb-${++this.nextId}` });
      this.heartbeatTimer = this.timers.setTimeout(beat, interval);
    };
    this.heartbeatTimer = this.timers.setTimeout(beat, interval);
  }

  private sendPending(id: string, entry: Pending): void {
    entry.sent = true;
    try {
      this.socket?.send(entry.frame);
    } catch (error) {
      this.logError('could not send a request', error);
      this.pending.delete(id);
      this.timers.clearTimeout(entry.timer);
      entry.resolve(failure('internal', CONNECTION_LOST));
    }
  }

  private sendFrame(frame: ClientFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch (error) {
      this.logError(`could not send a ${frame.t} frame`, error);
    }
  }

  private failPending(message: string): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      this.timers.clearTimeout(entry.timer);
      entry.resolve(failure('internal', message));
    }
  }

  private clearTimer(which: 'retryTimer' | 'heartbeatTimer'): void {
    if (this[which] !== null) this.timers.clearTimeout(this[which]);
    this[which] = null;
  }

  private setState(next: ConnectionState): void {
    const prev = this.state;
    this.state = next;
    if (prev.status === next.status && prev.stationId === next.stationId && prev.role === next.role && prev.reason === next.reason) {
      return;
    }
    this.connectionListeners.emit(next);
  }
}

export function createWsBridge(options: WsBridgeOptions): ManagedBridge {
  return new WsBridge(options);
}

/** The station core serves the page and the IPC socket from the same origin. */
export function ipcUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc`;
}
