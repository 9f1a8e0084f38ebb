import { minorDigits } from '../../../shared/money.js';

/** Note and coin steps, in major units, that cashiers are commonly handed above a total. */
const ROUND_STEPS_MAJOR = [1, 5, 10, 20, 50, 100];

/**
 * The amounts a customer most likely hands over for `totalMinor`: the exact total first, then the
 * next round amounts above it, without duplicates. Integer arithmetic only.
 */
export function quickTenders(totalMinor: number, currency: string, limit = 4): number[] {
  if (!Number.isSafeInteger(totalMinor) || totalMinor <= 0) return [];
  const unit = 10 ** minorDigits(currency);
  const amounts = [totalMinor];
  for (const step of ROUND_STEPS_MAJOR) {
    const stepMinor = step * unit;
    const rounded = Math.ceil(totalMinor / stepMinor) * stepMinor;
    // A total that is already round is covered by "exact"; the next step up is rarely handed over.
    if (rounded > totalMinor && !amounts.includes(rounded)) amounts.push(rounded);
  }
  return amounts.sort((a, b) => a - b).slice(0, limit);
}
