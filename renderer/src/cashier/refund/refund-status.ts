import type { RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { formatMoney } from '../../../../shared/money.js';
import { moneyInRefusal } from './refund-form.js';

export function refundStatusText(refund: RefundAttemptView): string {
  const amount = formatMoney(refund.amountMinor, refund.currency);
  const why = moneyInRefusal(refund.outcomeReason ?? 'no reason given', refund.currency);
  switch (refund.state) {
    case 'refunding':
      return `Refunding ${amount} to the card…`;
    case 'unknown_resolving':
      return `No answer from the terminal — checking whether ${amount} went back to the card (it will not be refunded twice)`;
    case 'refunded':
      return `Refunded ${amount} to the card`;
    case 'refused':
      return `Refund refused: ${why}. Nothing was refunded.`;
    case 'failed':
      return `Refund failed: ${why}. Nothing was refunded.`;
  }
}
