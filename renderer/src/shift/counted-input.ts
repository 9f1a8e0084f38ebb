import { parseMoneyInput, type MoneyParse } from '../cashier/money-input.js';

/** Like a tendered amount, but a float or a drawer count may be exactly zero (an empty drawer). */
export function parseCountedCash(text: string, currency: string): MoneyParse {
  if (/^\s*0*(?:[.,]0*)?\s*$/.test(text) && /0/.test(text)) return { ok: true, minor: 0 };
  return parseMoneyInput(text, currency);
}
