import {
  TerminalTimeoutError,
  type AuthorizeOutcome,
  type AuthorizeRequest,
  type CaptureOutcome,
  type ForwardOutcome,
  type ForwardRequest,
  type PaymentTerminal,
  type PresentedCard,
  type QueryOutcome,
  type RefundOutcome,
  type RefundQueryOutcome,
  type RefundRequest,
  type VoidOutcome,
} from './terminal.js';
import { formatMoney } from '../../../shared/money.js';

/**
 * SIMULATED card terminal: no card, no acquirer, no money. It keeps a ledger (in memory, and in
 * SQLite when given a `SimulatedLedgerStore`, so a restart does not forget a charge whose answer
 * was lost) and answers like a real terminal would (idempotent per key, query by key), with
 * scriptable failures so the sagas' unknown-outcome and compensation paths can be exercised in
 * tests, demos and by the cashier's "Simulated terminal" control.
 */

export type SimulatedAuthorize =
  | { kind: 'approve' }
  | { kind: 'decline'; reason?: string }
  /** The terminal approves and records the charge, but its answer is lost on the way back. */
  | { kind: 'timeout_after_approving' }
  /** The request never reaches the terminal: nothing is recorded. */
  | { kind: 'timeout_before_reaching' }
  /** The card holder takes `ms` to tap; meanwhile `query` answers in_progress. */
  | { kind: 'slow'; ms: number; then?: 'approve' | 'decline' };

export type SimulatedCapture = 'ok' | 'refuse' | 'timeout_after_capturing' | 'timeout_before_reaching';
export type SimulatedVoid = 'ok' | 'timeout_before_reaching';
export type SimulatedQuery = 'ok' | 'timeout_before_reaching';
export type SimulatedRefund =
  | { kind: 'refund' }
  | { kind: 'refuse'; reason?: string }
  /** The money goes back to the card, but the answer is lost. */
  | { kind: 'timeout_after_refunding' }
  | { kind: 'timeout_before_reaching' };

/** What the gateway does with a payment approved offline when it is forwarded. */
export type SimulatedForward =
  | { kind: 'accept' }
  | { kind: 'decline'; reason?: string }
  /** The gateway charges the card, but the answer is lost on the way back. */
  | { kind: 'timeout_after_forwarding' }
  /** The forward never reaches the gateway: nothing happens. */
  | { kind: 'timeout_before_reaching' };

export interface SimulatedScript {
  authorize?: SimulatedAuthorize[];
  forward?: SimulatedForward[];
  capture?: SimulatedCapture[];
  void?: SimulatedVoid[];
  query?: SimulatedQuery[];
  refund?: SimulatedRefund[];
}

export interface SimulatedLedgerEntry {
  idempotencyKey: string;
  terminalRef: string;
  authCode: string;
  /** The card "presented"; absent in ledgers written before the terminal reported one. */
  card?: PresentedCard;
  amountMinor: number;
  currency: string;
  /** `offline`: approved offline, stored for forwarding; `forward_declined`: the gateway declined it when forwarded. */
  status: 'in_progress' | 'approved' | 'declined' | 'captured' | 'voided' | 'offline' | 'forward_declined';
  reason?: string;
  /** Returned to the card so far. */
  refundedMinor?: number;
  /** Approved offline (it keeps this after forwarding). */
  offline?: boolean;
  /** Times the gateway charged this payment when it was forwarded: more than 1 is a double charge. */
  gatewayCharges?: number;
}

export interface SimulatedRefundEntry {
  idempotencyKey: string;
  refundRef: string;
  terminalRef: string;
  amountMinor: number;
  status: 'refunded' | 'refused';
  reason?: string;
}

/** The simulated device's settings that outlive a restart, as a real outage outlives the station's. */
export interface SimulatedDeviceState {
  gatewayUp: boolean;
  defaultForward: SimulatedForward;
}

/** Where the simulated terminal keeps its ledger between restarts (a real terminal keeps its own). */
export interface SimulatedLedgerStore {
  load(): { charges: SimulatedLedgerEntry[]; refunds: SimulatedRefundEntry[]; device?: SimulatedDeviceState | undefined };
  saveCharge(entry: SimulatedLedgerEntry): void;
  saveRefund(entry: SimulatedRefundEntry): void;
  saveDevice(state: SimulatedDeviceState): void;
}

export interface SimulatedTerminalOptions {
  id?: string;
  /** What authorize does when nothing is scripted. */
  defaultAuthorize?: SimulatedAuthorize;
  /** What the gateway does with a forwarded payment when nothing is scripted. */
  defaultForward?: SimulatedForward;
  ledger?: SimulatedLedgerStore;
}

type Queues = { [K in keyof SimulatedScript]-?: NonNullable<SimulatedScript[K]> };

export class SimulatedPaymentTerminal implements PaymentTerminal {
  readonly id: string;
  readonly simulated = true;
  private readonly byKey = new Map<string, SimulatedLedgerEntry>();
  private readonly byRef = new Map<string, SimulatedLedgerEntry>();
  private readonly refunds = new Map<string, SimulatedRefundEntry>();
  private readonly queues: Queues = { authorize: [], forward: [], capture: [], void: [], query: [], refund: [] };
  private readonly defaultAuthorize: SimulatedAuthorize;
  private defaultForward: SimulatedForward;
  private gatewayUp = true;
  private readonly gatewayListeners = new Set<(reachable: boolean) => void>();
  private readonly store: SimulatedLedgerStore | undefined;
  private counter = 0;
  /** Every call, in order: tests assert on what the sagas asked the terminal to do. */
  readonly calls: { op: 'authorize' | 'capture' | 'void' | 'query' | 'refund' | 'queryRefund' | 'forward'; key: string }[] = [];

  constructor(options: SimulatedTerminalOptions = {}) {
    this.id = options.id ?? 'simulated-terminal';
    this.defaultAuthorize = options.defaultAuthorize ?? { kind: 'approve' };
    this.defaultForward = options.defaultForward ?? { kind: 'accept' };
    this.store = options.ledger;
    if (this.store) {
      const { charges, refunds, device } = this.store.load();
      // A cut gateway stays cut through a restart, as the shop's broken internet would.
      if (device) {
        this.gatewayUp = device.gatewayUp;
        this.defaultForward = { ...device.defaultForward };
      }
      for (const entry of charges) {
        // A charge the card holder never finished before the restart: the terminal gave up on it.
        if (entry.status === 'in_progress') entry.status = 'declined';
        this.byKey.set(entry.idempotencyKey, entry);
        this.byRef.set(entry.terminalRef, entry);
      }
      for (const refund of refunds) this.refunds.set(refund.idempotencyKey, refund);
      this.counter = charges.length + refunds.length;
    }
  }

  /** Queues behaviours for the next calls; each call consumes one, then the defaults apply. */
  script(script: SimulatedScript): this {
    for (const op of ['authorize', 'forward', 'capture', 'void', 'query', 'refund'] as const) {
      const steps = script[op] as unknown[] | undefined;
      if (steps) (this.queues[op] as unknown[]).push(...steps);
    }
    return this;
  }

  /** What the next authorize, refund and forward calls will do, as queued; empty means the defaults. */
  pending(): { authorize: SimulatedAuthorize[]; refund: SimulatedRefund[]; forward: SimulatedForward[] } {
    return { authorize: [...this.queues.authorize], refund: [...this.queues.refund], forward: [...this.queues.forward] };
  }

  /** Cuts or restores the link to the gateway (the shop's internet going down). */
  setGateway(reachable: boolean): void {
    if (reachable === this.gatewayUp) return;
    this.gatewayUp = reachable;
    this.persistDevice();
    for (const listener of this.gatewayListeners) listener(reachable);
  }

  /** Hears every change of the gateway link: the station forwards as soon as it returns. */
  onGatewayChange(listener: (reachable: boolean) => void): () => void {
    this.gatewayListeners.add(listener);
    return () => this.gatewayListeners.delete(listener);
  }

  gatewayReachable(): boolean {
    return this.gatewayUp;
  }

  /** What the gateway does with a forwarded payment when nothing is queued. */
  setDefaultForward(step: SimulatedForward): void {
    this.defaultForward = { ...step };
    this.persistDevice();
  }

  defaultForwardBehaviour(): SimulatedForward {
    return { ...this.defaultForward };
  }

  /** What authorize does when nothing is queued. */
  defaultBehaviour(): SimulatedAuthorize {
    return { ...this.defaultAuthorize };
  }

  /** Forgets queued behaviours (the cashier changed their mind). */
  clearScript(): void {
    for (const op of Object.keys(this.queues) as (keyof Queues)[]) this.queues[op].length = 0;
  }

  ledger(): SimulatedLedgerEntry[] {
    return [...this.byKey.values()].map((e) => ({ ...e }));
  }

  refundLedger(): SimulatedRefundEntry[] {
    return [...this.refunds.values()].map((e) => ({ ...e }));
  }

  /** Money that moved: captured entries. */
  charges(): SimulatedLedgerEntry[] {
    return this.ledger().filter((e) => e.status === 'captured');
  }

  /** Funds held on a card (approved, neither captured nor voided). */
  holds(): SimulatedLedgerEntry[] {
    return this.ledger().filter((e) => e.status === 'approved');
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome> {
    await tick();
    this.calls.push({ op: 'authorize', key: request.idempotencyKey });
    const seen = this.byKey.get(request.idempotencyKey);
    if (seen) {
      // A real terminal's idempotency: the same key never charges twice, whatever the script says.
      if (seen.status === 'declined') return { kind: 'declined', reason: seen.reason ?? 'declined' };
      if (seen.status === 'in_progress') throw new TerminalTimeoutError('simulated: attempt still in progress');
      if (seen.offline) return offlineApproval(seen);
      return approval(seen);
    }
    const step = this.queues.authorize.shift() ?? this.defaultAuthorize;
    if (!this.gatewayUp) return this.authorizeOffline(request, step);
    switch (step.kind) {
      case 'timeout_before_reaching':
        throw new TerminalTimeoutError('simulated: authorize never reached the terminal');
      case 'decline':
        return this.decide(this.record(request, 'declined', step.reason ?? 'card declined'));
      case 'approve':
        return this.decide(this.record(request, 'approved'));
      case 'timeout_after_approving':
        this.record(request, 'approved');
        throw new TerminalTimeoutError('simulated: approved, but the answer was lost');
      case 'slow': {
        const entry = this.record(request, 'in_progress');
        await new Promise((resolve) => setTimeout(resolve, step.ms).unref());
        entry.status = step.then === 'decline' ? 'declined' : 'approved';
        if (entry.status === 'declined') entry.reason = 'card declined';
        this.persist(entry);
        return this.decide(entry);
      }
    }
  }

  /**
   * The gateway is out of reach: the card still answers (a decline is the card's own), and an
   * approval is stored for forwarding, only when the station allowed it within its limits.
   */
  private authorizeOffline(request: AuthorizeRequest, step: SimulatedAuthorize): AuthorizeOutcome {
    if (step.kind === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: authorize never reached the terminal');
    if (step.kind === 'decline') return this.decide(this.record(request, 'declined', step.reason ?? 'card declined'));
    if (request.allowOffline !== true) {
      return this.decide(this.record(request, 'declined', 'The card gateway is unreachable and this payment was not allowed offline'));
    }
    const entry = this.record(request, 'offline');
    if (step.kind === 'timeout_after_approving') throw new TerminalTimeoutError('simulated: approved offline, but the answer was lost');
    return offlineApproval(entry);
  }

  async forward(request: ForwardRequest): Promise<ForwardOutcome> {
    await tick();
    this.calls.push({ op: 'forward', key: request.idempotencyKey });
    if (!this.gatewayUp) return { kind: 'unreachable' };
    const entry = this.byKey.get(request.idempotencyKey);
    if (!entry || !entry.offline || entry.terminalRef !== request.terminalRef) return { kind: 'not_found' };
    // The gateway's idempotency: a payment already forwarded answers as it did, and is never charged again.
    if (entry.status === 'captured') return { kind: 'captured', authCode: entry.authCode };
    if (entry.status === 'forward_declined') return { kind: 'declined', reason: entry.reason ?? 'declined' };
    // Voided before it was sent (the sale was cancelled): nothing left to forward.
    if (entry.status !== 'offline') return { kind: 'not_found' };
    const step = this.queues.forward.shift() ?? this.defaultForward;
    switch (step.kind) {
      case 'timeout_before_reaching':
        throw new TerminalTimeoutError('simulated: the forward never reached the gateway');
      case 'decline':
        entry.status = 'forward_declined';
        entry.reason = step.reason ?? 'Declined by the card issuer (simulated)';
        this.persist(entry);
        return { kind: 'declined', reason: entry.reason };
      case 'accept':
      case 'timeout_after_forwarding':
        entry.status = 'captured';
        entry.gatewayCharges = (entry.gatewayCharges ?? 0) + 1;
        this.persist(entry);
        if (step.kind === 'timeout_after_forwarding') throw new TerminalTimeoutError('simulated: forwarded, but the answer was lost');
        return { kind: 'captured', authCode: entry.authCode };
    }
  }

  async capture(terminalRef: string): Promise<CaptureOutcome> {
    await tick();
    this.calls.push({ op: 'capture', key: terminalRef });
    const step = this.queues.capture.shift() ?? 'ok';
    if (step === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: capture never reached the terminal');
    const entry = this.byRef.get(terminalRef);
    if (!entry) return { kind: 'refused', reason: 'unknown reference' };
    if (step === 'refuse') return { kind: 'refused', reason: 'authorization expired' };
    if (entry.status === 'voided') return { kind: 'refused', reason: 'authorization was voided' };
    if (entry.status !== 'approved' && entry.status !== 'captured') return { kind: 'refused', reason: `attempt is ${entry.status}` };
    entry.status = 'captured';
    this.persist(entry);
    if (step === 'timeout_after_capturing') throw new TerminalTimeoutError('simulated: captured, but the answer was lost');
    return { kind: 'captured' };
  }

  async void(terminalRef: string): Promise<VoidOutcome> {
    await tick();
    this.calls.push({ op: 'void', key: terminalRef });
    const step = this.queues.void.shift() ?? 'ok';
    if (step === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: void never reached the terminal');
    const entry = this.byRef.get(terminalRef);
    if (!entry) return { kind: 'not_found' };
    if (entry.status === 'captured') return { kind: 'already_captured' };
    entry.status = 'voided';
    this.persist(entry);
    return { kind: 'voided' };
  }

  async query(idempotencyKey: string): Promise<QueryOutcome> {
    await tick();
    this.calls.push({ op: 'query', key: idempotencyKey });
    const step = this.queues.query.shift() ?? 'ok';
    if (step === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: query never reached the terminal');
    const entry = this.byKey.get(idempotencyKey);
    if (!entry) return { kind: 'not_found' };
    if (entry.status === 'in_progress') return { kind: 'in_progress' };
    if (entry.status === 'declined') return { kind: 'declined', reason: entry.reason ?? 'declined' };
    if (entry.offline) {
      const forwarding =
        entry.status === 'captured'
          ? ({ kind: 'captured', authCode: entry.authCode } as const)
          : entry.status === 'forward_declined'
            ? ({ kind: 'declined', reason: entry.reason ?? 'declined' } as const)
            : ({ kind: 'stored' } as const);
      return { ...offlineApproval(entry), amountMinor: entry.amountMinor, forwarding };
    }
    if (entry.status === 'offline' || entry.status === 'forward_declined')
      throw new Error(`simulated: entry ${entry.terminalRef} is inconsistent`);
    const settlement = entry.status === 'approved' ? 'held' : entry.status;
    return { ...approval(entry), amountMinor: entry.amountMinor, settlement };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    await tick();
    this.calls.push({ op: 'refund', key: request.idempotencyKey });
    const seen = this.refunds.get(request.idempotencyKey);
    if (seen) return refundAnswer(seen);
    const step = this.queues.refund.shift() ?? { kind: 'refund' };
    if (step.kind === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: refund never reached the terminal');
    const charge = this.byRef.get(request.terminalRef);
    const left = charge ? charge.amountMinor - (charge.refundedMinor ?? 0) : 0;
    let refusal: string | undefined;
    if (!charge || charge.status !== 'captured') refusal = 'no captured payment under this reference';
    else if (request.amountMinor > left) refusal = `only ${formatMoney(left, request.currency)} is left to refund on this payment`;
    else if (step.kind === 'refuse') refusal = step.reason ?? 'refund refused by the card issuer';
    const entry = this.recordRefund(request, refusal);
    if (entry.status === 'refunded' && charge) {
      charge.refundedMinor = (charge.refundedMinor ?? 0) + request.amountMinor;
      this.persist(charge);
    }
    if (step.kind === 'timeout_after_refunding') throw new TerminalTimeoutError('simulated: refunded, but the answer was lost');
    return refundAnswer(entry);
  }

  async queryRefund(idempotencyKey: string): Promise<RefundQueryOutcome> {
    await tick();
    this.calls.push({ op: 'queryRefund', key: idempotencyKey });
    const step = this.queues.query.shift() ?? 'ok';
    if (step === 'timeout_before_reaching') throw new TerminalTimeoutError('simulated: query never reached the terminal');
    const entry = this.refunds.get(idempotencyKey);
    return entry ? refundAnswer(entry) : { kind: 'not_found' };
  }

  private record(request: AuthorizeRequest, status: SimulatedLedgerEntry['status'], reason?: string): SimulatedLedgerEntry {
    this.counter += 1;
    const entry: SimulatedLedgerEntry = {
      idempotencyKey: request.idempotencyKey,
      terminalRef: `SIM-${this.id}-${this.counter}`,
      authCode: String(100000 + this.counter),
      card: SIMULATED_CARD,
      amountMinor: request.amountMinor,
      currency: request.currency,
      status,
      ...(reason ? { reason } : {}),
      ...(status === 'offline' ? { offline: true } : {}),
    };
    this.byKey.set(entry.idempotencyKey, entry);
    this.byRef.set(entry.terminalRef, entry);
    this.persist(entry);
    return entry;
  }

  private recordRefund(request: RefundRequest, refusal: string | undefined): SimulatedRefundEntry {
    this.counter += 1;
    const entry: SimulatedRefundEntry = {
      idempotencyKey: request.idempotencyKey,
      refundRef: `SIMR-${this.id}-${this.counter}`,
      terminalRef: request.terminalRef,
      amountMinor: request.amountMinor,
      status: refusal ? 'refused' : 'refunded',
      ...(refusal ? { reason: refusal } : {}),
    };
    this.refunds.set(entry.idempotencyKey, entry);
    this.store?.saveRefund(entry);
    return entry;
  }

  private persist(entry: SimulatedLedgerEntry): void {
    this.store?.saveCharge(entry);
  }

  private persistDevice(): void {
    this.store?.saveDevice({ gatewayUp: this.gatewayUp, defaultForward: { ...this.defaultForward } });
  }

  private decide(entry: SimulatedLedgerEntry): AuthorizeOutcome {
    return entry.status === 'declined' ? { kind: 'declined', reason: entry.reason ?? 'declined' } : approval(entry);
  }
}

/** The test card every simulated approval reports: a real scheme's test number, so no real card is ever named. */
const SIMULATED_CARD: PresentedCard = { brand: 'VISA', lastFour: '4242' };

function approval(entry: SimulatedLedgerEntry): { kind: 'approved'; authCode: string; terminalRef: string; card?: PresentedCard } {
  return { kind: 'approved', authCode: entry.authCode, terminalRef: entry.terminalRef, ...(entry.card ? { card: entry.card } : {}) };
}

function offlineApproval(entry: SimulatedLedgerEntry): { kind: 'approved_offline'; terminalRef: string; card?: PresentedCard } {
  return { kind: 'approved_offline', terminalRef: entry.terminalRef, ...(entry.card ? { card: entry.card } : {}) };
}

function refundAnswer(entry: SimulatedRefundEntry): RefundOutcome {
  return entry.status === 'refunded'
    ? { kind: 'refunded', refundRef: entry.refundRef }
    : { kind: 'refused', reason: entry.reason ?? 'refused' };
}

/** Answers asynchronously, as a device on a wire would. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
