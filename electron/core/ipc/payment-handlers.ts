import type { CommandName } from '../../../shared/ipc/contract.js';
import type { CardPaymentSaga } from '../payments/card-payment-saga.js';
import type { CommandHandlers } from './handlers.js';

export type PaymentCommand = Extract<CommandName, `payment.${string}`>;

/** Card payments: the saga answers at once; progress reaches windows as `payment.changed`. */
export function createPaymentHandlers(saga: CardPaymentSaga): Pick<CommandHandlers, PaymentCommand> {
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
      return attempt ? { ok: true, value: attempt } : { ok: false, error: { code: 'not_found', message: `No card payment attempt ${attemptId}` } };
    },
    'payment.attempts': ({ orderId }) => ({ ok: true, value: { attempts: saga.listForOrder(orderId) } }),
    'payment.splitTender': ({ orderId, partsMinor }) => saga.splitTender(orderId, partsMinor),
  };
}
