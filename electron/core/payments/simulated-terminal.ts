import {
  TerminalTimeoutError,
  type AuthorizeOutcome,
  type AuthorizeRequest,
  type CaptureOutcome,
  type PaymentTerminal,
  type QueryOutcome,
  type VoidOutcome,
} from './terminal.js';

/**
 * SIMULATED card terminal: no card, no acquirer, no money. It keeps an in-memory ledger and answers
 * like a real terminal would (idempotent per key, query by key), with scriptable failures so the
 * saga's unknown-outcome and compensation paths can be exercised in tests and demos.
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

export interface SimulatedScript {
  authorize?: SimulatedAuthorize[];
  capture?: SimulatedCapture[];
  void?: SimulatedVoid[];
  query?: SimulatedQuery[];
}

export interface SimulatedLedgerEntry {
  idempotencyKey: string;
  terminalRef: string;
  authCode: string;
  amountMinor: number;
  currency: string;
  status: 'in_progress' | 'approved' | 'declined' | 'captured' | 'voided';
  reason?: string;
}

export interface SimulatedTerminalOptions {
  id?: string;
  /** What authorize does when nothing is scripted. */
  defaultAuthorize?: SimulatedAuthorize;
}

export class SimulatedPaymentTerminal implements PaymentTerminal {
  readonly id: string;
  private readonly byKey = new Map<string, SimulatedLedgerEntry>();
  private readonly byRef = new Map<string, SimulatedLedgerEntry>();
  private readonly queues: Required<SimulatedScript> = { authorize: [], capture: [], void: [], query: [] };
  private readonly defaultAuthorize: SimulatedAuthorize;
  private counter = 0;
  /** Every call, in order: tests assert on what the saga asked the terminal to do. */
  readonly calls: { op: 'authorize' | 'capture' | 'void' | 'query'; key: string }[] = [];

  constructor(options: SimulatedTerminalOptions = {}) {
    this.id = options.id ?? 'simulated-terminal';
    this.defaultAuthorize = options.defaultAuthorize ?? { kind: 'approve' };
  }

  /** Queues behaviours for the next calls; each call consumes one, then the defaults apply. */
  script(script: SimulatedScript): this {
    for (const op of ['authorize', 'capture', 'void', 'query'] as const) {
      const steps = script[op] as unknown[] | undefined;
      if (steps) (this.queues[op] as unknown[]).push(...steps);
    }
    return this;
  }

  ledger(): SimulatedLedgerEntry[] {
    return [...this.byKey.values()].map((e) => ({ ...e }));
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
      return { kind: 'approved', authCode: seen.authCode, terminalRef: seen.terminalRef };
    }
    const step = this.queues.authorize.shift() ?? this.defaultAuthorize;
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
        return this.decide(entry);
      }
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
    const settlement = entry.status === 'approved' ? 'held' : entry.status;
    return { kind: 'approved', authCode: entry.authCode, terminalRef: entry.terminalRef, amountMinor: entry.amountMinor, settlement };
  }

  private record(request: AuthorizeRequest, status: SimulatedLedgerEntry['status'], reason?: string): SimulatedLedgerEntry {
    this.counter += 1;
    const entry: SimulatedLedgerEntry = {
      idempotencyKey: request.idempotencyKey,
      terminalRef: `SIM-${this.id}-${this.counter}`,
      authCode: String(100000 + this.counter),
      amountMinor: request.amountMinor,
      currency: request.currency,
      status,
      ...(reason ? { reason } : {}),
    };
    this.byKey.set(entry.idempotencyKey, entry);
    this.byRef.set(entry.terminalRef, entry);
    return entry;
  }

  private decide(entry: SimulatedLedgerEntry): AuthorizeOutcome {
    return entry.status === 'declined'
      ? { kind: 'declined', reason: entry.reason ?? 'declined' }
      : { kind: 'approved', authCode: entry.authCode, terminalRef: entry.terminalRef };
  }
}

/** Answers asynchronously, as a device on a wire would. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
