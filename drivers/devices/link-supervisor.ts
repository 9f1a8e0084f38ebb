import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { describeCloseReason, TransportError, type Transport, type TransportCloseReason } from '../transport/transport.js';
import { backoffDelay, DEVICE_BACKOFF, type BackoffPolicy } from '../../shared/util/backoff.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import type { DeviceProblem } from './printer-device.js';

export type LinkState = 'stopped' | 'connecting' | 'ready' | 'backoff';

export interface LinkSnapshot {
  deviceId: string;
  connection: string;
  state: LinkState;
  since: number;
  problem: DeviceProblem | undefined;
  reconnectAttempt: number;
  nextRetryAt: number | undefined;
}

export interface LinkSupervisorOptions {
  id: string;
  transport: Transport;
  /** Runs after every (re)connect, e.g. to initialise a display and redraw it. */
  onConnected?: () => Promise<void>;
  backoff?: BackoffPolicy;
  random?: () => number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Keeps a device without status replies (scanner, pole display) connected: opens its transport,
 * and after a failure or an unplug retries with exponential backoff; hotplug can cut the wait short.
 */
export class LinkSupervisor {
  readonly id: string;
  readonly #transport: Transport;
  readonly #onConnected: (() => Promise<void>) | undefined;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #changes: ListenerSet<LinkSnapshot>;
  #state: LinkState = 'stopped';
  #since: number;
  #problem: DeviceProblem | undefined;
  #attempt = 0;
  #nextRetryAt: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #offClose: () => void;

  constructor(options: LinkSupervisorOptions) {
    this.id = options.id;
    this.#transport = options.transport;
    this.#onConnected = options.onConnected;
    this.#backoff = options.backoff ?? DEVICE_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.id });
    this.#since = this.#clock.now();
    this.#changes = new ListenerSet((error) => this.#log.error({ err: String(error) }, 'link listener threw'));
    this.#offClose = this.#transport.onClose((reason) => {
      if (this.#state === 'ready' || this.#state === 'connecting') this.#retryLater(reason);
    });
  }

  get state(): LinkState {
    return this.#state;
  }

  snapshot(): LinkSnapshot {
    return {
      deviceId: this.id,
      connection: this.#transport.id,
      state: this.#state,
      since: this.#since,
      problem: this.#problem,
      reconnectAttempt: this.#attempt,
      nextRetryAt: this.#nextRetryAt,
    };
  }

  onChange(listener: (snapshot: LinkSnapshot) => void): () => void {
    return this.#changes.add(listener);
  }

  start(): void {
    if (this.#state === 'stopped') void this.#connect();
  }

  nudge(): void {
    if (this.#state !== 'backoff') return;
    clearTimeout(this.#timer);
    void this.#connect();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#set('stopped');
    this.#offClose();
    await this.#transport.close().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    this.#nextRetryAt = undefined;
    this.#set('connecting');
    try {
      await this.#transport.open();
      if (this.#state !== 'connecting') return;
      await this.#onConnected?.();
    } catch (error) {
      if (this.#state !== 'connecting') return;
      this.#retryLater(error instanceof TransportError ? error.reason : { kind: 'error', message: String(error) });
      return;
    }
    if (this.#state !== 'connecting') return;
    this.#attempt = 0;
    this.#problem = undefined;
    this.#set('ready');
  }

  #retryLater(reason: TransportCloseReason): void {
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random);
    this.#problem = {
      kind: reason.kind,
      message: describeCloseReason(reason),
      ...('fix' in reason && reason.fix ? { fix: reason.fix } : {}),
    };
    this.#nextRetryAt = this.#clock.now() + delay;
    this.#log.warn({ reason: reason.kind, attempt: this.#attempt, delayMs: delay }, 'device unavailable; will retry');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#connect(), delay);
    this.#timer.unref();
    this.#set('backoff');
  }

  #set(state: LinkState): void {
    if (state !== this.#state) {
      this.#state = state;
      this.#since = this.#clock.now();
    }
    this.#changes.emit(this.snapshot());
  }
}
