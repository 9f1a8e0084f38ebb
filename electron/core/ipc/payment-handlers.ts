import type { Actor } from '../../../shared/events.js';
import type { CommandName } from '../../../shared/ipc/contract.js';
import type { OrderView } from '../../../shared/order-view.js';
import type { EventStore } from '../event-store.js';
import { payCashPart } from '../payments/cash-part-payment.js';
import type { SimulatedOutcome, TerminalView } from '../../../shared/ipc/commands/payments.js';
import type { CardPaymentSaga } from '../payments/card-payment-saga.js';
import type { CardRefundSaga } from '../payments/card-refund-saga.js';
import type { OfflineQueueReads } from '../payments/offline-queue-view.js';
import type { PaymentTerminal } from '../payments/terminal.js';
import { SimulatedPaymentTerminal, type SimulatedAuthorize, type SimulatedRefund } from '../payments/simulated-terminal.js';
import type { CommandHandlers } from './handlers.js';
import type { IpcError } from '../../../shared/ipc/contract.js';
import type { Result } from '../../../shared/result.js';
import type { ResolveLoss } from '../payments/offline-loss-resolution.js';

export type PaymentCommand = Extract<CommandName, `payment.${string}` | `terminal.${string}`>;

/** How long "slow_approve" keeps the simulated card holder from tapping: time enough to cancel. */
const SLOW_TAP_MS = 6_000;
const FORWARD_DECLINE_REASON = 'Declined by the card issuer when forwarded (simulated)';

export interface PaymentHandlerDeps {
  saga: CardPaymentSaga;
  refunds: CardRefundSaga;
  terminal: PaymentTerminal;
  store: EventStore;
  actor: Actor | (() => Actor);
  /** Orders cancelled with money taken, or waiting for the kitchen's acknowledgement. */
  refundsDue: () => OrderView[];
  /** Card payments approved offline: the queue and the ones lost after the sale. */
  offline: OfflineQueueReads;
  /** A manager marks a lost one as dealt with. */
  resolveLoss: (input: ResolveLoss) => Result<unknown, IpcError>;
}

/** Card payments and refunds: the sagas answer at once; progress reaches windows as pushes. */
export function createPaymentHandlers({
  saga,
  refunds,
  terminal,
  store,
  actor,
  refundsDue,
  offline,
  resolveLoss,
}: PaymentHandlerDeps): Pick<CommandHandlers, PaymentCommand> {
  return {
    'payment.startCard': ({ orderId, amountMinor, tipMinor, splitPartId, requestKey }) => {
      const started = saga.start({ orderId, amountMinor, tipMinor, splitPartId, requestKey });
      return started.ok ? { ok: true, value: started.value.attempt } : started;
    },
    'payment.cancelCard': ({ attemptId }) => {
      const cancelled = saga.cancel(attemptId);
      return cancelled.ok ? { ok: true, value: cancelled.value.attempt } : cancelled;
    },
    'payment.status': ({ attemptId }) => {
      const attempt = saga.get(attemptId);
      return attempt
        ? { ok: true, value: attempt }
        : { ok: false, error: { code: 'not_found', message: `No card payment attempt ${attemptId}` } };
    },
    'payment.attempts': ({ orderId }) => ({ ok: true, value: { attempts: saga.listForOrder(orderId) } }),
    'payment.splitTender': ({ orderId, partsMinor }) => saga.splitTender(orderId, partsMinor),
    'payment.payCashPart': ({ orderId, splitPartId, tenderedMinor }) => {
      const paid = payCashPart({ store, actor }, { orderId, splitPartId, tenderedMinor });
      if (!paid.ok) return paid;
      return { ok: true, value: { order: paid.value.order, changeMinor: paid.value.changeMinor } };
    },
    'payment.refundCard': ({ orderId, paymentId, amountMinor, reason, managerPin, requestKey }) => {
      const started = refunds.start({ orderId, paymentId, amountMinor, reason, managerPin, requestKey });
      return started.ok ? { ok: true, value: started.value.refund } : started;
    },
    'payment.refundsDue': () => ({ ok: true, value: { orders: refundsDue() } }),
    'payment.refunds': ({ orderId }) => ({ ok: true, value: { refunds: refunds.listForOrder(orderId) } }),
    'payment.offlineQueue': () => ({ ok: true, value: offline.view() }),
    'payment.followUps': () => ({ ok: true, value: { items: offline.followUps() } }),
    'payment.resolveFollowUp': ({ paymentId, note, managerPin }) => {
      const resolved = resolveLoss({ paymentId, note, managerPin });
      return resolved.ok ? { ok: true, value: { items: offline.followUps() } } : resolved;
    },
    'terminal.info': () => ({ ok: true, value: terminalView(terminal) }),
    'terminal.simulate': ({ operation, outcome, clear, gateway, forwardOutcome }) => {
      if (!(terminal instanceof SimulatedPaymentTerminal)) {
        return { ok: false, error: { code: 'forbidden', message: 'Only the simulated terminal can be told what to answer' } };
      }
      if (clear) terminal.clearScript();
      if (outcome !== undefined) {
        if (operation === 'payment') terminal.script({ authorize: [toAuthorize(outcome)] });
        else terminal.script({ refund: [toRefund(outcome)] });
      }
      if (forwardOutcome !== undefined) {
        terminal.setDefaultForward(forwardOutcome === 'accept' ? { kind: 'accept' } : { kind: 'decline', reason: FORWARD_DECLINE_REASON });
      }
      if (gateway !== undefined) terminal.setGateway(gateway === 'up');
      return { ok: true, value: terminalView(terminal) };
    },
  };
}

function terminalView(terminal: PaymentTerminal): TerminalView {
  if (!(terminal instanceof SimulatedPaymentTerminal)) {
    return {
      terminalId: terminal.id,
      simulated: terminal.simulated,
      queued: { payment: [], refund: [] },
      defaultOutcome: 'approve',
      gatewayReachable: terminal.gatewayReachable(),
      forwardOutcome: 'accept',
    };
  }
  const pending = terminal.pending();
  return {
    terminalId: terminal.id,
    simulated: true,
    queued: { payment: pending.authorize.map(fromAuthorize), refund: pending.refund.map(fromRefund) },
    defaultOutcome: fromAuthorize(terminal.defaultBehaviour()),
    gatewayReachable: terminal.gatewayReachable(),
    forwardOutcome: terminal.defaultForwardBehaviour().kind === 'decline' ? 'decline' : 'accept',
  };
}

function toAuthorize(outcome: SimulatedOutcome): SimulatedAuthorize {
  switch (outcome) {
    case 'approve':
      return { kind: 'approve' };
    case 'decline':
      return { kind: 'decline', reason: 'Card declined (simulated)' };
    case 'timeout_after_approving':
      return { kind: 'timeout_after_approving' };
    case 'timeout_before_reaching':
      return { kind: 'timeout_before_reaching' };
    case 'slow_approve':
      return { kind: 'slow', ms: SLOW_TAP_MS, then: 'approve' };
  }
}

function fromAuthorize(step: SimulatedAuthorize): SimulatedOutcome {
  if (step.kind !== 'slow') return step.kind;
  return step.then === 'decline' ? 'decline' : 'slow_approve';
}

function toRefund(outcome: SimulatedOutcome): SimulatedRefund {
  switch (outcome) {
    case 'approve':
    case 'slow_approve':
      return { kind: 'refund' };
    case 'decline':
      return { kind: 'refuse', reason: 'Refund refused (simulated)' };
    case 'timeout_after_approving':
      return { kind: 'timeout_after_refunding' };
    case 'timeout_before_reaching':
      return { kind: 'timeout_before_reaching' };
  }
}

function fromRefund(step: SimulatedRefund): SimulatedOutcome {
  switch (step.kind) {
    case 'refund':
      return 'approve';
    case 'refuse':
      return 'decline';
    case 'timeout_after_refunding':
      return 'timeout_after_approving';
    case 'timeout_before_reaching':
      return 'timeout_before_reaching';
  }
}
