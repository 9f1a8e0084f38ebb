import type { PaymentAttemptView } from '../../../../shared/ipc/commands/payments.js';

/** What the cashier reads about a card attempt, in words a customer can be told. */
export function cardStatusText(attempt: PaymentAttemptView): string {
  switch (attempt.state) {
    case 'authorizing':
      return attempt.cancelRequested
        ? 'Cancelling… waiting for the terminal'
        : 'Waiting for card — ask the customer to tap, insert or swipe';
    case 'unknown_resolving':
      return 'No answer from the terminal — checking whether the card was charged (it will not be charged twice)';
    case 'capturing':
      return attempt.cancelRequested ? 'Approved — cancelling, releasing the hold' : 'Approved — completing the payment';
    case 'voiding':
      return 'Releasing the hold on the card';
    case 'approved':
      return `Card approved${attempt.authCode ? ` (auth ${attempt.authCode})` : ''}`;
    case 'declined':
      return `Card declined: ${attempt.reason ?? 'no reason given'}`;
    case 'failed':
      return `Card payment failed: ${withNothingCharged(attempt.reason ?? 'no reason given')}`;
    case 'voided':
      return 'Card payment cancelled; nothing was charged';
    case 'offline_approved':
      return `Card approved offline${attempt.terminalRef ? ` (ref ${attempt.terminalRef})` : ''}: the card gateway is down; it will be forwarded when it returns`;
  }
}

/** The reason as one sentence that says nothing was charged, once: the core's reason may already say it. */
function withNothingCharged(reason: string): string {
  const sentence = reason.trim().replace(/[.;:,\s]+$/, '');
  return /nothing was charged/i.test(sentence) ? `${sentence}.` : `${sentence}. Nothing was charged.`;
}

/** The cashier may still cancel: the money has not been captured. */
export function canCancel(attempt: PaymentAttemptView): boolean {
  return !attempt.cancelRequested && (attempt.state === 'authorizing' || attempt.state === 'unknown_resolving');
}
