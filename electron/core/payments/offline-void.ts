import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import { errorText } from './failure.js';
import type { OfflinePayments } from './offline-payments.js';
import { withTimeout, type PaymentTerminal } from './terminal.js';

/**
 * Second step of refunding a payment approved offline and not yet forwarded. The first step (the
 * refund on the books and the queue row `pending` → `voiding`, one transaction) already guarantees
 * the payment is never forwarded; this one drops the terminal's stored copy, as a real terminal voids
 * a stored transaction. A crash or a lost answer between the two leaves the row `voiding`, and every
 * recovery pass asks again: voiding twice is harmless, forwarding it never happens.
 */
export async function finishOfflineVoids(
  deps: { table: OfflinePayments; terminal: PaymentTerminal; clock: Clock; logger: Logger; timeoutMs: number },
  only?: string,
): Promise<number> {
  let done = 0;
  for (const row of deps.table.voiding()) {
    if (only !== undefined && row.payment_id !== only) continue;
    const log = deps.logger.child({ orderId: row.order_id, paymentId: row.payment_id });
    try {
      const outcome = await withTimeout(deps.terminal.void(row.terminal_ref ?? ''), deps.timeoutMs, 'void stored payment');
      if (outcome.kind === 'already_captured') {
        // Cannot happen while only this station forwards, and the row left the queue before the refund committed.
        log.error({ terminalRef: row.terminal_ref }, 'terminal says a voided offline payment was captured; left for a person');
        continue;
      }
      // `not_found`: the terminal holds nothing under the reference, so nothing can be sent either.
      if (deps.table.move(row.payment_id, 'voiding', 'voided', deps.clock.now())) done += 1;
      log.info({ outcome: outcome.kind }, 'offline payment voided at the terminal');
    } catch (error) {
      log.warn({ err: errorText(error) }, 'voiding the stored offline payment got no answer; the next recovery asks again');
    }
  }
  return done;
}
