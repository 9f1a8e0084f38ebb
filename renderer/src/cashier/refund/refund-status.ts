import type { RefundAttemptView } from '../../../../shared/ipc/commands/payments.js';
import { formatMoney } from '../../../../shared/money.js';

export function refundStatusText(refund: RefundAttemptView): string {
  const amount = formatMoney(refund.amountMinor, refund.currency);
  switch (refund.state) {
    case 'refunding':
      return `Refunding ${amount} to the card…`;
    case 'unknown_resolving':
      return `No answer from the terminal — checking whether ${amount} went back to the card (it will not be refunded twice)`;
    case 'refunded':
      return `Refunded ${amount} to the card`;
    case 'refused':
      return `Refund refused: ${refund.outcomeReason ?? 'no reason given'}. Nothing was refunded.`;
    case 'failed':
      return `Refund failed: ${refund.outcomeReason ?? 'no reason given'}. Nothing was refunded.`;
  }
}
