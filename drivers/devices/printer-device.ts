import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { encodeDrawerKick, encodeRealtimeDrawerKick } from '../escpos/drawer-kick.js';
import type { PrinterProfile } from '../escpos/printer-profile.js';
import {
  drawerState,
  parseRealtimeStatus,
  readinessOf,
  statusFromAsb,
  statusFromRealtime,
  type DrawerPolarity,
  type ErrorCauseBits,
  type OfflineCauseBits,
  type PaperSensorBits,
  type PrinterStatus,
  type PrinterStatusBits,
} from '../escpos/status.js';
import {
  ENABLE_ASB,
  jobDoneId,
  jobDoneRequest,
  PAPER_STATUS_REQUEST,
  realtimeStatusRequest,
  type RealtimeStatusN,
} from '../escpos/status-commands.js';
import { PrinterResponseParser, type PrinterMessage } from '../escpos/status-stream.js';
import { backoffDelay, DEVICE_BACKOFF, type BackoffPolicy } from '../../shared/util/backoff.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { describeCloseReason, TransportError, type Transport, type TransportCloseReason } from '../transport/transport.js';

export type PrinterState = 'stopped' | 'connecting' | 'ready' | 'busy' | 'paper-out' | 'cover-open' | 'error' | 'offline' | 'backoff';

export interface DeviceProblem {
  kind: TransportCloseReason['kind'] | 'no-status-reply' | 'printer-error';
  message: string;
  fix?: string;
}

export interface PrinterSnapshot {
  deviceId: string;
  connection: string;
  state: PrinterState;
  since: number;
  status: PrinterStatus | undefined;
  drawer: 'open' | 'closed' | 'unknown';
  paperNearEnd: boolean;
  problem: DeviceProblem | undefined;
  reconnectAttempt: number;
  nextRetryAt: number | undefined;
}

/** What happened to one job's bytes; the print queue turns it into a job state. */
export type SendOutcome =
  /** The printer said everything up to the end of the job was printed. */
  | { kind: 'confirmed' }
  /** Handed to the printer; it cannot confirm (profile) or did not in time. */
  | { kind: 'unconfirmed'; why: 'not-supported' | 'timeout' }
  /** Nothing reached the printer: safe to send again as an original. */
  | { kind: 'not-sent'; reason: TransportCloseReason }
  /** Some or all bytes may have printed before the connection failed: a resend must say REPRINT. */
  | { kind: 'interrupted'; reason: TransportCloseReason };

export class DrawerKickError extends Error {
  override readonly name = 'DrawerKickError';
  constructor(
    readonly code: 'printer-offline' | 'printer-not-ready' | 'write-failed',
    message: string,
  ) {
    super(message);
  }
}

export interface PrinterDeviceOptions {
  id: string;
  transport: Transport;
  profile: PrinterProfile;
  clock?: Clock;
  logger?: Logger;
  /** Real-time status poll interval while connected. */
  heartbeatMs?: number;
  /** How long to wait for each DLE EOT reply. */
  statusTimeoutMs?: number;
  /** Unanswered polls in a row before the printer counts as offline. */
  missedPollsBeforeOffline?: number;
  /** Time the printer may take to confirm a job, counted only while it is able to print. */
  confirmTimeoutMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  drawerPolarity?: DrawerPolarity;
}

interface ConfirmWaiter {
  kind: 'gs-r' | 'gs-paren-h';
  id: string;
  settle: (outcome: SendOutcome) => void;
  remainingMs: number;
  timer: NodeJS.Timeout | undefined;
  startedAt: number;
}

/**
 * One ESC/POS printer, supervised: connects (and reconnects with exponential backoff), polls real-time
 * status as a heartbeat, listens to Automatic Status Back, and sends one job at a time with an
 * end-of-job marker so "written" is never mistaken for "printed". Its state is what the UI shows and
 * what the print queue waits on.
 */
export class PrinterDevice {
  readonly id: string;
  readonly profile: PrinterProfile;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #heartbeatMs: number;
  readonly #statusTimeoutMs: number;
  readonly #missedPollsBeforeOffline: number;
  readonly #confirmTimeoutMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #drawerPolarity: DrawerPolarity;
  readonly #parser = new PrinterResponseParser();
  readonly #changes: ListenerSet<PrinterSnapshot>;
  #phase: 'stopped' | 'connecting' | 'connected' | 'backoff' = 'stopped';
  #status: PrinterStatus | undefined;
  #missedPolls = 0;
  #problem: DeviceProblem | undefined;
  #attempt = 0;
  #nextRetryAt: number | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #polling = false;
  #busy = 0;
  #lock: Promise<unknown> = Promise.resolve();
  #sendTail: Promise<unknown> = Promise.resolve();
  #realtimeWaiters: ((byte: number | undefined) => void)[] = [];
  #confirm: ConfirmWaiter | undefined;
  #jobCounter: number;
  #lastState: PrinterState = 'stopped';
  #since: number;
  readonly #unsubscribe: (() => void)[];

  constructor(options: PrinterDeviceOptions) {
    this.id = options.id;
    this.profile = options.profile;
    this.#transport = options.transport;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.id });
    this.#heartbeatMs = options.heartbeatMs ?? 5_000;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 1_000;
    this.#missedPollsBeforeOffline = options.missedPollsBeforeOffline ?? 2;
    this.#confirmTimeoutMs = options.confirmTimeoutMs ?? 60_000;
    this.#backoff = options.backoff ?? DEVICE_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#drawerPolarity = options.drawerPolarity ?? 'open-when-high';
    this.#since = this.#clock.now();
    // Job-done ids only need to differ from the previous job's; start anywhere.
    this.#jobCounter = Math.floor(this.#random() * 36 ** 4);
    this.#changes = new ListenerSet((error) => this.#log.error({ err: String(error) }, 'printer listener threw'));
    this.#unsubscribe = [
      this.#transport.onData((chunk) => {
        for (const message of this.#parser.push(chunk)) this.#onMessage(message);
      }),
      this.#transport.onClose((reason) => this.#onTransportClosed(reason)),
    ];
  }

  get state(): PrinterState {
    return this.#computeState();
  }

  snapshot(): PrinterSnapshot {
    const status = this.#status;
    return {
      deviceId: this.id,
      connection: this.#transport.id,
      state: this.#computeState(),
      since: this.#since,
      status: status ? { ...status } : undefined,
      drawer: status && this.#missedPolls === 0 ? drawerState(status.drawerPinHigh, this.#drawerPolarity) : 'unknown',
      paperNearEnd: status?.paper === 'near-end',
      problem: this.#problem,
      reconnectAttempt: this.#attempt,
      nextRetryAt: this.#nextRetryAt,
    };
  }

  onChange(listener: (snapshot: PrinterSnapshot) => void): () => void {
    return this.#changes.add(listener);
  }

  /** Resolves when the printer is ready (or immediately if it is). */
  whenState(predicate: (state: PrinterState) => boolean): Promise<PrinterState> {
    const now = this.#computeState();
    if (predicate(now)) return Promise.resolve(now);
    return new Promise((resolve) => {
      const off = this.onChange((snapshot) => {
        if (!predicate(snapshot.state)) return;
        off();
        resolve(snapshot.state);
      });
    });
  }

  start(): void {
    if (this.#phase !== 'stopped') return;
    this.#log.info({ profile: this.profile.id, connection: this.#transport.id }, 'printer supervision started');
    void this.#connect();
  }

  /** Hotplug or an operator's "retry now": skip the rest of the backoff wait. */
  nudge(): void {
    if (this.#phase !== 'backoff') return;
    clearTimeout(this.#retryTimer);
    void this.#connect();
  }

  async stop(): Promise<void> {
    if (this.#phase === 'stopped') return;
    this.#phase = 'stopped';
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeat);
    this.#settleConfirm({ kind: 'interrupted', reason: { kind: 'closed' } });
    this.#flushRealtimeWaiters();
    // Closing first fails a write the printer is not taking (flow control), which would hold the lock.
    await this.#transport.close().catch(() => undefined);
    await this.#lock.catch(() => undefined);
    for (const off of this.#unsubscribe) off();
    this.#emit();
  }

  async #connect(): Promise<void> {
    this.#phase = 'connecting';
    this.#nextRetryAt = undefined;
    this.#emit();
    try {
      await this.#transport.open();
    } catch (error) {
      if (this.#phase !== 'connecting') return;
      this.#scheduleReconnect(error instanceof TransportError ? error.reason : { kind: 'error', message: String(error) });
      return;
    }
    if (this.#phase !== 'connecting') return;
    this.#phase = 'connected';
    this.#parser.reset();
    this.#status = undefined;
    this.#missedPolls = 0;
    this.#attempt = 0;
    this.#problem = undefined;
    this.#log.info({}, 'printer connected');
    if (this.profile.features.asb) await this.#exclusive(() => this.#transport.write(ENABLE_ASB)).catch(() => undefined);
    if (this.profile.features.realtimeStatus) {
      await this.refreshStatus();
      clearInterval(this.#heartbeat);
      this.#heartbeat = setInterval(() => void this.refreshStatus(), this.#heartbeatMs);
      this.#heartbeat.unref();
    }
    this.#emit();
  }

  #scheduleReconnect(reason: TransportCloseReason): void {
    clearInterval(this.#heartbeat);
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random);
    this.#phase = 'backoff';
    this.#problem = {
      kind: reason.kind,
      message: describeCloseReason(reason),
      ...('fix' in reason && reason.fix ? { fix: reason.fix } : {}),
    };
    this.#nextRetryAt = this.#clock.now() + delay;
    this.#log.warn({ reason: reason.kind, attempt: this.#attempt, delayMs: delay }, 'printer unavailable; will retry');
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(), delay);
    this.#retryTimer.unref();
    this.#emit();
  }

  #onTransportClosed(reason: TransportCloseReason): void {
    this.#flushRealtimeWaiters();
    this.#settleConfirm({ kind: 'interrupted', reason });
    if (this.#phase === 'connected' || this.#phase === 'connecting') this.#scheduleReconnect(reason);
  }

  /** Polls DLE EOT 1, 2, 4 (and 3 on error); an unanswered poll counts towards "offline". */
  async refreshStatus(): Promise<PrinterStatus | undefined> {
    if (this.#phase !== 'connected' || this.#polling || !this.profile.features.realtimeStatus) return this.#status;
    this.#polling = true;
    try {
      const status = await this.#exclusive(async () => {
        const s1 = await this.#query(1);
        const s2 = s1 && (await this.#query(2));
        const s4 = s2 && (await this.#query(4));
        if (!s1 || !s2 || !s4) return undefined;
        const s3 = (s2 as OfflineCauseBits).errorOccurred ? await this.#query(3) : undefined;
        return statusFromRealtime(s1 as PrinterStatusBits, s2 as OfflineCauseBits, s4 as PaperSensorBits, s3 as ErrorCauseBits | undefined);
      });
      if (this.#phase !== 'connected') return undefined;
      if (status) {
        this.#status = status;
        this.#missedPolls = 0;
        if (this.#problem?.kind === 'no-status-reply') this.#problem = undefined;
      } else {
        this.#missedPolls += 1;
        if (this.#missedPolls >= this.#missedPollsBeforeOffline) {
          this.#problem = {
            kind: 'no-status-reply',
            message: 'The printer does not answer status requests',
            fix: 'Check that it is switched on and its cable is connected',
          };
        }
      }
      this.#emit();
      return status;
    } catch {
      return undefined;
    } finally {
      this.#polling = false;
    }
  }

  async #query(n: RealtimeStatusN): Promise<ReturnType<typeof parseRealtimeStatus>> {
    const reply = new Promise<number | undefined>((resolve) => {
      const waiter = (byte: number | undefined): void => {
        clearTimeout(timer);
        resolve(byte);
      };
      const timer = setTimeout(() => {
        this.#realtimeWaiters = this.#realtimeWaiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, this.#statusTimeoutMs);
      this.#realtimeWaiters.push(waiter);
    });
    await this.#transport.write(realtimeStatusRequest(n));
    const byte = await reply;
    return byte === undefined ? undefined : parseRealtimeStatus(n, byte);
  }

  #flushRealtimeWaiters(): void {
    const waiters = this.#realtimeWaiters;
    this.#realtimeWaiters = [];
    for (const waiter of waiters) waiter(undefined);
  }

  #onMessage(message: PrinterMessage): void {
    switch (message.type) {
      case 'realtime':
        this.#realtimeWaiters.shift()?.(message.byte);
        break;
      case 'asb':
        this.#status = statusFromAsb(message.status);
        this.#missedPolls = 0;
        this.#emit();
        break;
      case 'transmitStatus':
        if (this.#confirm?.kind === 'gs-r') this.#settleConfirm({ kind: 'confirmed' });
        break;
      case 'jobDone':
        // Only the latest id is sent if replies were held back; with one job in flight that is ours.
        if (this.#confirm?.kind === 'gs-paren-h' && this.#confirm.id === message.id) this.#settleConfirm({ kind: 'confirmed' });
        break;
      case 'block':
      case 'noise':
        this.#log.debug({ message: message.type }, 'unexpected bytes from printer');
        break;
    }
  }

  /**
   * Sends one job's bytes followed by the profile's end-of-job marker and waits for the printer to
   * confirm it. `onWritten` runs as soon as the bytes are handed over, before the confirmation, so the
   * caller can persist "sent-unconfirmed" first.
   */
  send(bytes: Uint8Array, hooks: { onWritten?: () => void; jobId?: string } = {}): Promise<SendOutcome> {
    // One job at a time: a second job's marker must not replace the first one's confirmation wait.
    const run = this.#sendTail.then(() => this.#send(bytes, hooks));
    this.#sendTail = run.catch(() => undefined);
    return run;
  }

  async #send(bytes: Uint8Array, hooks: { onWritten?: () => void; jobId?: string }): Promise<SendOutcome> {
    const log = hooks.jobId ? this.#log.child({ jobId: hooks.jobId }) : this.#log;
    if (this.#phase !== 'connected' || !this.#transport.isOpen) {
      return { kind: 'not-sent', reason: { kind: this.#problem?.kind === 'no-status-reply' ? 'timeout' : 'closed' } };
    }
    const jobDone = this.profile.features.jobDone;
    const id = jobDoneId(this.#jobCounter++);
    const marker = jobDone === 'gs-paren-h' ? jobDoneRequest(id) : jobDone === 'gs-r' ? PAPER_STATUS_REQUEST : new Uint8Array(0);
    // ESC @ at the end of a document may switch ASB off on some firmware: re-arm it with every job.
    const payload = Buffer.concat([bytes, this.profile.features.asb ? ENABLE_ASB : new Uint8Array(0), marker]);
    this.#busy += 1;
    this.#emit();
    try {
      const confirmed =
        jobDone === 'none'
          ? undefined
          : new Promise<SendOutcome>((settle) => {
              this.#confirm = { kind: jobDone, id, settle, remainingMs: this.#confirmTimeoutMs, timer: undefined, startedAt: 0 };
            });
      try {
        await this.#exclusive(() => this.#transport.write(payload));
      } catch (error) {
        const reason = error instanceof TransportError ? error.reason : { kind: 'error' as const, message: String(error) };
        this.#settleConfirm({ kind: 'interrupted', reason });
        log.warn({ reason: reason.kind }, 'job write failed');
        return { kind: 'interrupted', reason };
      }
      hooks.onWritten?.();
      log.info({ bytes: bytes.length, marker: jobDone }, 'job handed to printer');
      if (!confirmed) return { kind: 'unconfirmed', why: 'not-supported' };
      this.#emit();
      const outcome = await confirmed;
      log.info({ outcome: outcome.kind }, outcome.kind === 'confirmed' ? 'printer confirmed job' : 'job not confirmed');
      return outcome;
    } finally {
      this.#busy -= 1;
      this.#emit();
    }
  }

  /**
   * Opens the cash drawer: ESC p in the print stream when the printer is idle and ready; the real-time
   * DLE DC4 pulse when it is busy or stopped (cover, paper, error) and the model supports it. Never
   * queues a kick for later: a drawer that springs open minutes after the sale is a security problem.
   */
  async kickDrawer(options: {
    pin: 0 | 1;
    onMs?: number;
    offMs?: number;
    realtimePulseMs?: number;
  }): Promise<{ method: 'esc-p' | 'dle-dc4' }> {
    const state = this.#computeState();
    if (state === 'stopped' || state === 'connecting' || state === 'backoff' || state === 'offline') {
      throw new DrawerKickError('printer-offline', `The drawer's printer is ${state}: the drawer was not opened`);
    }
    let method: 'esc-p' | 'dle-dc4';
    if (state === 'ready') method = 'esc-p';
    else if (this.profile.features.realtimeDrawerKick) method = 'dle-dc4';
    else if (state === 'busy') method = 'esc-p';
    else
      throw new DrawerKickError(
        'printer-not-ready',
        `The printer reports ${state}; this model cannot open the drawer until it is ready again`,
      );
    const bytes =
      method === 'esc-p'
        ? encodeDrawerKick({
            pin: options.pin,
            ...(options.onMs !== undefined ? { onMs: options.onMs } : {}),
            ...(options.offMs !== undefined ? { offMs: options.offMs } : {}),
          })
        : encodeRealtimeDrawerKick({
            pin: options.pin,
            ...(options.realtimePulseMs !== undefined ? { pulseMs: options.realtimePulseMs } : {}),
          });
    try {
      await this.#exclusive(() => this.#transport.write(bytes));
    } catch (error) {
      throw new DrawerKickError(
        'write-failed',
        `The drawer command did not reach the printer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.#log.info({ method, pin: options.pin }, 'drawer kick sent');
    return { method };
  }

  /** Serialises writes so a status request never lands inside a job's bytes. */
  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.#lock.then(run);
    this.#lock = next.catch(() => undefined);
    return next;
  }

  #settleConfirm(outcome: SendOutcome): void {
    const waiter = this.#confirm;
    if (!waiter) return;
    this.#confirm = undefined;
    clearTimeout(waiter.timer);
    waiter.settle(outcome);
  }

  /** The confirmation clock runs only while the printer can print: paper out is not a timeout. */
  #updateConfirmTimer(state: PrinterState): void {
    const waiter = this.#confirm;
    if (!waiter) return;
    const running = waiter.timer !== undefined;
    const printing = state === 'busy' || state === 'ready';
    if (printing && !running) {
      waiter.startedAt = this.#clock.now();
      waiter.timer = setTimeout(() => this.#settleConfirm({ kind: 'unconfirmed', why: 'timeout' }), waiter.remainingMs);
      waiter.timer.unref();
    } else if (!printing && running) {
      clearTimeout(waiter.timer);
      waiter.timer = undefined;
      waiter.remainingMs = Math.max(0, waiter.remainingMs - (this.#clock.now() - waiter.startedAt));
    }
  }

  #computeState(): PrinterState {
    switch (this.#phase) {
      case 'stopped':
      case 'connecting':
      case 'backoff':
        return this.#phase;
      case 'connected':
        break;
    }
    if (this.#missedPolls >= this.#missedPollsBeforeOffline) return 'offline';
    if (this.#status) {
      const readiness = readinessOf(this.#status);
      if (readiness !== 'ready') return readiness;
    }
    return this.#busy > 0 ? 'busy' : 'ready';
  }

  #emit(): void {
    const state = this.#computeState();
    this.#updateConfirmTimer(state);
    if (state !== this.#lastState) {
      this.#log.info({ from: this.#lastState, to: state }, 'printer state changed');
      this.#lastState = state;
      this.#since = this.#clock.now();
    }
    this.#changes.emit(this.snapshot());
  }
}
