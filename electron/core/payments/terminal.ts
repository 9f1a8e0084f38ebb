/**
 * The station's view of a card payment terminal. Every call may hang, fail or time out; the only
 * way to learn what happened to an attempt whose outcome is unknown is `query(idempotencyKey)`:
 * the saga never charges again to find out.
 */

export interface AuthorizeRequest {
  /** Everything the card is charged: the order amount plus the tip, in minor units. */
  amountMinor: number;
  currency: string;
  /**
   * One per attempt. A terminal that sees the same key twice answers with the first outcome
   * instead of charging again; a retry after a definite failure uses a new key.
   */
  idempotencyKey: string;
  /**
   * The station reserved this payment within its offline limits: if the gateway is unreachable the
   * terminal may approve it offline (store and forward). Without it an unreachable gateway declines.
   */
  allowOffline?: boolean;
}

/** The card as the terminal reports it after an approval: masked, never the full number. */
export interface PresentedCard {
  /** The scheme: "VISA", "MASTERCARD". */
  brand: string;
  /** Exactly four digits. */
  lastFour: string;
}

export type AuthorizeOutcome =
  | { kind: 'approved'; authCode: string; terminalRef: string; card?: PresentedCard }
  /** Stored by the terminal for forwarding: nothing charged yet; forward it under the same idempotency key. */
  | { kind: 'approved_offline'; terminalRef: string; card?: PresentedCard }
  | { kind: 'declined'; reason: string };

export type CaptureOutcome =
  /** Also the answer to a second capture of the same reference. */
  | { kind: 'captured' }
  /** The terminal refused to capture (expired or already voided authorization): nothing moved. */
  | { kind: 'refused'; reason: string };

export type VoidOutcome =
  /** The hold is released; also the answer to a second void of the same reference. */
  | { kind: 'voided' }
  /** Too late: the money moved, and only a refund can return it. */
  | { kind: 'already_captured' }
  /** The terminal holds nothing under this reference. */
  | { kind: 'not_found' };

/** The terminal's own record of one attempt, by idempotency key. */
export type QueryOutcome =
  | {
      kind: 'approved';
      authCode: string;
      terminalRef: string;
      card?: PresentedCard;
      amountMinor: number;
      /** Where the terminal's record stands after approval. */
      settlement: 'held' | 'captured' | 'voided';
    }
  /** Approved offline: stored, forwarded (captured) or declined when forwarded. */
  | {
      kind: 'approved_offline';
      terminalRef: string;
      card?: PresentedCard;
      amountMinor: number;
      forwarding: { kind: 'stored' } | { kind: 'captured'; authCode: string } | { kind: 'declined'; reason: string };
    }
  | { kind: 'declined'; reason: string }
  /** The request never reached the terminal: nothing was charged under this key. */
  | { kind: 'not_found' }
  /** The terminal is still waiting on the card holder or the acquirer: ask again later. */
  | { kind: 'in_progress' };

export interface RefundRequest {
  /** The captured payment the money goes back to. */
  terminalRef: string;
  amountMinor: number;
  currency: string;
  /** One per refund: the same key twice answers with the first outcome, never refunds twice. */
  idempotencyKey: string;
}

export type RefundOutcome =
  | { kind: 'refunded'; refundRef: string }
  /** Nothing moved (unknown payment, more than is left to refund, card scheme refused). */
  | { kind: 'refused'; reason: string };

/** The terminal's own record of one refund, by its idempotency key. */
export type RefundQueryOutcome = RefundOutcome | { kind: 'not_found' } | { kind: 'in_progress' };

export interface ForwardRequest {
  /** The key the payment was approved offline under: the gateway charges it once, however often it is sent. */
  idempotencyKey: string;
  terminalRef: string;
}

export type ForwardOutcome =
  | { kind: 'captured'; authCode: string }
  | { kind: 'declined'; reason: string }
  /** The gateway is (again) out of reach: nothing was sent. */
  | { kind: 'unreachable' }
  /** The terminal holds no offline payment under this key. */
  | { kind: 'not_found' };

export interface PaymentTerminal {
  /** Stable id for logs ("simulated-1", a serial number). */
  readonly id: string;
  /** True for the SIMULATED terminal: windows must say so wherever they show the terminal. */
  readonly simulated: boolean;
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  capture(terminalRef: string): Promise<CaptureOutcome>;
  void(terminalRef: string): Promise<VoidOutcome>;
  query(idempotencyKey: string): Promise<QueryOutcome>;
  /** Returns captured money to the card; a timeout is resolved only by `queryRefund`. */
  refund(request: RefundRequest): Promise<RefundOutcome>;
  queryRefund(idempotencyKey: string): Promise<RefundQueryOutcome>;
  /** The terminal's last known link to its gateway (terminals report it as it changes, so this never waits). */
  gatewayReachable(): boolean;
  /** Sends a payment approved offline to the gateway; a timeout is resolved only by `query`. */
  forward(request: ForwardRequest): Promise<ForwardOutcome>;
}

/** A call that got no answer in time: the terminal may or may not have acted on it. */
export class TerminalTimeoutError extends Error {
  override readonly name = 'TerminalTimeoutError';
}

/** Races a terminal call against a deadline; the call itself keeps running (terminals cannot be interrupted). */
export function withTimeout<T>(call: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TerminalTimeoutError(`${what} got no answer within ${ms} ms`)), ms);
    timer.unref();
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
