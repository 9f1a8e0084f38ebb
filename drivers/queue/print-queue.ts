import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import type { PrinterDevice, PrinterState, SendOutcome } from '../devices/printer-device.js';
import { describeCloseReason } from '../transport/transport.js';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { asReprint, encodeDocument, type PrinterAssets } from './document-encoder.js';
import type { PrintableDocument, PrintJob, PrintJobKind, PrintJobState } from './print-job.js';
import type { PrintJobStore } from './print-job-store.js';
import { routeEntry, routeFor, RoutingError, type PrintRouting } from './print-routing.js';

export interface QueuePrinter {
  device: PrinterDevice;
  assets?: PrinterAssets;
}

export interface PrintRequest {
  /** e.g. "receipt:<orderId>" or "kitchen:<orderId>:grill": a second submit with it prints nothing. */
  idempotencyKey: string;
  document: PrintableDocument;
  orderId?: string;
  /** Test prints go to one named printer and are never rerouted. */
  test?: { printerId: string };
}

export interface PrintQueueOptions {
  store: PrintJobStore;
  printers: ReadonlyMap<string, QueuePrinter>;
  routing: PrintRouting;
  clock?: Clock;
  logger?: Logger;
  newId?: () => string;
  /** A route's queued jobs move to its fallback printer once its printer has been unable to print this long. */
  fallbackAfterMs?: number;
  /** Print a REPRINT copy by itself when a job was interrupted (connection lost mid-job, crash while sending). */
  reprintInterrupted?: boolean;
}

const CAN_PRINT: ReadonlySet<PrinterState> = new Set(['ready', 'busy']);

/**
 * The durable print spooler: every job is a row before anything is sent, one job is in flight per
 * printer, a printer's queue waits while it cannot print (paper out, cover open, offline, reconnecting)
 * and resumes on ready, queued jobs of a route move to the route's fallback printer after a while, and
 * anything that may have printed already is only ever printed again as a REPRINT.
 */
export class PrintQueue {
  readonly #store: PrintJobStore;
  readonly #printers: ReadonlyMap<string, QueuePrinter>;
  readonly #routing: PrintRouting;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #newId: () => string;
  readonly #fallbackAfterMs: number;
  readonly #reprintInterrupted: boolean;
  readonly #changes: ListenerSet<PrintJob>;
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #unavailableSince = new Map<string, number>();
  #unsubscribe: (() => void)[] = [];
  #fallbackTimer: NodeJS.Timeout | undefined;
  #running = false;
  #lastQueuedAt = 0;

  constructor(options: PrintQueueOptions) {
    this.#store = options.store;
    this.#printers = options.printers;
    this.#routing = options.routing;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ component: 'print-queue' });
    this.#newId = options.newId ?? randomUUID;
    this.#fallbackAfterMs = options.fallbackAfterMs ?? 30_000;
    this.#reprintInterrupted = options.reprintInterrupted ?? true;
    this.#changes = new ListenerSet((error) => this.#log.error({ err: String(error) }, 'job listener threw'));
  }

  onJobChange(listener: (job: PrintJob) => void): () => void {
    return this.#changes.add(listener);
  }

  jobs(filter?: Parameters<PrintJobStore['list']>[0]): PrintJob[] {
    return this.#store.list(filter);
  }

  get(jobId: string): PrintJob | undefined {
    return this.#store.get(jobId);
  }

  /** Recovers jobs a crash left mid-send, then starts printing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const job of this.#store.list({ states: ['sending'] }).reverse()) {
      this.#interrupted(job, 'the station stopped while this job was being sent');
    }
    for (const [printerId, { device }] of this.#printers) {
      this.#trackAvailability(printerId, device.state);
      this.#unsubscribe.push(
        device.onChange((snapshot) => {
          this.#trackAvailability(printerId, snapshot.state);
          this.#pump(printerId);
        }),
      );
    }
    const interval = Math.max(50, Math.min(1_000, Math.floor(this.#fallbackAfterMs / 2)));
    this.#fallbackTimer = setInterval(() => this.#rerouteStalled(), interval);
    this.#fallbackTimer.unref();
    for (const printerId of this.#printers.keys()) this.#pump(printerId);
  }

  /** Stops taking jobs, then waits for the jobs in flight (stop the printers to end their waits). */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#fallbackTimer);
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    await Promise.all([...this.#inFlight.values()]);
  }

  /** Stores the job (idempotently) and starts it if its printer is ready. Throws on a bad document or route. */
  submit(request: PrintRequest): PrintJob {
    const existing = this.#store.findByKey(request.idempotencyKey);
    if (existing) return existing;
    let route: string;
    let printerId: string;
    let kind: PrintJobKind;
    if (request.test) {
      route = 'test';
      printerId = request.test.printerId;
      kind = 'test';
    } else {
      const routed = routeFor(request.document, this.#routing);
      route = routed.route;
      kind = request.document.kind;
      printerId = this.#printers.has(routed.target.printer) ? routed.target.printer : (routed.target.fallback ?? routed.target.printer);
    }
    const printer = this.#printers.get(printerId);
    if (!printer) throw new RoutingError(`Print route "${route}" names printer "${printerId}", which is not configured`);
    const document = structuredClone(request.document);
    const bytes = encodeDocument(document, printer.device.profile, printer.assets);
    const { job, created } = this.#store.insert(
      {
        id: this.#newId(),
        idempotencyKey: request.idempotencyKey,
        printerId,
        route,
        kind,
        document,
        bytes,
        profileId: printer.device.profile.id,
        state: 'queued',
        reprintOf: null,
        orderId: request.orderId ?? null,
        createdAt: this.#clock.now(),
        queuedAt: this.#nextQueuedAt(),
      },
      this.#clock.now(),
    );
    if (created) {
      this.#log.info({ jobId: job.id, printerId, route, orderId: job.orderId }, 'print job queued');
      this.#changes.emit(job);
      this.#pump(printerId);
    }
    return job;
  }

  /** An operator's reprint: a new job whose paper says REPRINT. */
  reprint(jobId: string): PrintJob {
    const original = this.#store.get(jobId);
    if (!original) throw new Error(`print job ${jobId} does not exist`);
    return this.#createReprint(original);
  }

  /** An operator saw an unconfirmed job on paper. */
  acknowledge(jobId: string): PrintJob | undefined {
    return this.#transition(jobId, ['sent-unconfirmed'], {
      state: 'done',
      doneAt: this.#clock.now(),
      lastError: 'confirmed by an operator',
    });
  }

  /** Only a job that was never sent can be cancelled. */
  cancel(jobId: string): PrintJob | undefined {
    return this.#transition(jobId, ['queued'], { state: 'failed', lastError: 'cancelled by an operator' });
  }

  /** Strictly increasing, so a REPRINT copy that keeps its original's place sorts before every later job. */
  #nextQueuedAt(): number {
    this.#lastQueuedAt = Math.max(this.#clock.now(), this.#lastQueuedAt + 1);
    return this.#lastQueuedAt;
  }

  #transition(jobId: string, from: readonly PrintJobState[], patch: Parameters<PrintJobStore['update']>[2]): PrintJob | undefined {
    const job = this.#store.update(jobId, from, patch, this.#clock.now());
    if (job) this.#changes.emit(job);
    return job;
  }

  /** `keepPlace`: an automatic copy of an interrupted job prints before jobs queued after the original. */
  #createReprint(original: PrintJob, keepPlace = false): PrintJob {
    const entry = routeEntry(original.route, this.#routing);
    const candidates = [original.printerId, entry?.printer, entry?.fallback].filter((id): id is string => id !== undefined);
    const printerId = candidates.find((id) => this.#printers.has(id)) ?? original.printerId;
    const printer = this.#printers.get(printerId);
    if (!printer) throw new RoutingError(`printer ${printerId} for the reprint is not configured`);
    const document = asReprint(original.document);
    const { job, created } = this.#store.insert(
      {
        id: this.#newId(),
        idempotencyKey: `${original.idempotencyKey}#reprint-${this.#store.countReprints(original.id) + 1}`,
        printerId,
        route: original.route,
        kind: original.kind,
        document,
        bytes: encodeDocument(document, printer.device.profile, printer.assets),
        profileId: printer.device.profile.id,
        state: 'queued',
        reprintOf: original.id,
        orderId: original.orderId,
        createdAt: this.#clock.now(),
        queuedAt: keepPlace ? original.queuedAt : this.#nextQueuedAt(),
      },
      this.#clock.now(),
    );
    if (created) {
      this.#log.info({ jobId: job.id, reprintOf: original.id, printerId }, 'reprint queued');
      this.#changes.emit(job);
      this.#pump(printerId);
    }
    return job;
  }

  /** Something may be on paper already: keep it visible as sent-unconfirmed, or replace it with a REPRINT. */
  #interrupted(job: PrintJob, message: string): void {
    const marked = this.#transition(job.id, ['sending', 'sent-unconfirmed'], { state: 'sent-unconfirmed', lastError: message });
    if (!marked || !this.#reprintInterrupted) return;
    try {
      const copy = this.#createReprint(marked, true);
      this.#transition(job.id, ['sent-unconfirmed'], { state: 'failed', lastError: `${message}; reprinted as job ${copy.id}` });
    } catch (error) {
      this.#log.error({ jobId: job.id, err: String(error) }, 'could not queue a reprint of an interrupted job');
    }
  }

  #pump(printerId: string): void {
    if (!this.#running || this.#inFlight.has(printerId)) return;
    const printer = this.#printers.get(printerId);
    if (!printer || printer.device.state !== 'ready') return;
    const job = this.#store.nextQueued(printerId);
    if (!job) return;
    const run = this.#run(printer.device, job).finally(() => {
      this.#inFlight.delete(printerId);
      this.#pump(printerId);
    });
    this.#inFlight.set(printerId, run);
  }

  async #run(device: PrinterDevice, queued: PrintJob): Promise<void> {
    const job = this.#transition(queued.id, ['queued'], { state: 'sending', attempts: queued.attempts + 1 });
    if (!job) return;
    let outcome: SendOutcome;
    try {
      outcome = await device.send(job.bytes, {
        jobId: job.id,
        onWritten: () => void this.#transition(job.id, ['sending'], { state: 'sent-unconfirmed' }),
      });
    } catch (error) {
      outcome = { kind: 'interrupted', reason: { kind: 'error', message: String(error) } };
    }
    switch (outcome.kind) {
      case 'confirmed':
        this.#transition(job.id, ['sending', 'sent-unconfirmed'], { state: 'done', doneAt: this.#clock.now(), lastError: null });
        break;
      case 'unconfirmed':
        this.#transition(job.id, ['sending', 'sent-unconfirmed'], {
          state: 'sent-unconfirmed',
          lastError:
            outcome.why === 'timeout'
              ? 'the printer did not confirm that it printed this job'
              : 'this printer model cannot confirm printing',
        });
        break;
      case 'not-sent':
        this.#transition(job.id, ['sending'], { state: 'queued', lastError: describeCloseReason(outcome.reason) });
        break;
      case 'interrupted':
        if (this.#running) this.#interrupted(job, `interrupted: ${describeCloseReason(outcome.reason)}`);
        else {
          // Shutting down while the printer still holds the job: it may well print it. Leave it for the operator.
          this.#transition(job.id, ['sending', 'sent-unconfirmed'], {
            state: 'sent-unconfirmed',
            lastError: 'the station stopped before the printer confirmed this job',
          });
        }
        break;
    }
  }

  #trackAvailability(printerId: string, state: PrinterState): void {
    if (CAN_PRINT.has(state)) this.#unavailableSince.delete(printerId);
    else if (!this.#unavailableSince.has(printerId)) this.#unavailableSince.set(printerId, this.#clock.now());
  }

  /** Moves queued jobs off a printer that has been unable to print for too long onto their route's fallback. */
  #rerouteStalled(): void {
    const now = this.#clock.now();
    for (const [printerId, since] of this.#unavailableSince) {
      if (now - since < this.#fallbackAfterMs) continue;
      for (const job of this.#store.list({ states: ['queued'], printerId }).reverse()) {
        const fallbackId = routeEntry(job.route, this.#routing)?.fallback;
        const fallback = fallbackId === undefined || fallbackId === printerId ? undefined : this.#printers.get(fallbackId);
        if (!fallbackId || !fallback || !CAN_PRINT.has(fallback.device.state)) continue;
        const document: PrintableDocument =
          job.document.kind === 'kitchen' ? { ...job.document, reroutedFrom: job.document.reroutedFrom ?? printerId } : job.document;
        const moved = this.#transition(job.id, ['queued'], {
          printerId: fallbackId,
          profileId: fallback.device.profile.id,
          document,
          bytes: encodeDocument(document, fallback.device.profile, fallback.assets),
          lastError: `rerouted from ${printerId}, which has been unable to print`,
        });
        if (moved) {
          this.#log.warn({ jobId: job.id, from: printerId, to: fallbackId }, 'print job rerouted to fallback printer');
          this.#pump(fallbackId);
        }
      }
    }
  }
}
