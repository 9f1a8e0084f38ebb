import { divRound } from './rounding.js';

/**
 * Cash rounding: where the smallest coin is bigger than the minor unit (CHF 0.05, EUR in NL/FI/BE/IE
 * at 0.05, SEK whole krona), a cash total is rounded to the nearest `incrementMinor`, half up.
 * Only the cash part of a payment is rounded; cards pay the exact amount. Increment 1 = no rounding.
 */
export interface CashRounding {
  incrementMinor: number;
}

export const NO_CASH_ROUNDING: CashRounding = { incrementMinor: 1 };

export function roundCash(amountMinor: number, rule: CashRounding): number {
  const inc = rule.incrementMinor;
  if (!Number.isInteger(inc) || inc < 1) throw new RangeError(`cash rounding increment must be a positive integer, got ${inc}`);
  return divRound(amountMinor, inc) * inc;
}

export type CashTender =
  | { ok: true; amountMinor: number; roundingMinor: number; collectMinor: number; tenderedMinor: number; changeMinor: number }
  | { ok: false; reason: 'insufficient_tender'; collectMinor: number };

/**
 * What a cash payment of `dueMinor` records: it settles `dueMinor`, collects the rounded amount and
 * gives change from that. The rounding difference is its own field, so totals stay exact.
 */
export function cashTender(dueMinor: number, tenderedMinor: number, rule: CashRounding): CashTender {
  const collectMinor = roundCash(dueMinor, rule);
  if (tenderedMinor < collectMinor) return { ok: false, reason: 'insufficient_tender', collectMinor };
  return {
    ok: true,
    amountMinor: dueMinor,
    roundingMinor: collectMinor - dueMinor,
    collectMinor,
    tenderedMinor,
    changeMinor: tenderedMinor - collectMinor,
  };
}
