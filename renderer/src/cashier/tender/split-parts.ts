import { parseMoneyInput } from '../money-input.js';

export type SplitPlan = { ok: true; partsMinor: number[] } | { ok: false; message: string };

export const MAX_PARTS = 20;

/** N equal parts of `dueMinor`; the odd minor units go to the first parts, so the sum is exact. */
export function equalParts(dueMinor: number, count: number): SplitPlan {
  if (!Number.isInteger(count) || count < 2 || count > MAX_PARTS) return { ok: false, message: `Split into 2 to ${MAX_PARTS} parts` };
  if (dueMinor < count) return { ok: false, message: 'Too little is due to split that many ways' };
  const base = Math.floor(dueMinor / count);
  const extra = dueMinor - base * count;
  return { ok: true, partsMinor: Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0)) };
}

/**
 * Custom amounts typed as "10, 12.50"; the last part may be left out ("10" of 22.50 gives 10 + 12.50)
 * so the cashier only types what the first guests pay.
 */
export function customParts(text: string, dueMinor: number, currency: string): SplitPlan {
  const pieces = text
    .split(/[;\s]+|,(?=\s)/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pieces.length === 0) return { ok: false, message: 'Enter the amounts of the parts' };
  const parts: number[] = [];
  for (const piece of pieces) {
    const parsed = parseMoneyInput(piece, currency);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    parts.push(parsed.minor);
  }
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum < dueMinor) parts.push(dueMinor - sum);
  else if (sum > dueMinor) return { ok: false, message: 'The parts add up to more than is due' };
  if (parts.length < 2) return { ok: false, message: 'A split needs at least two parts' };
  if (parts.length > MAX_PARTS) return { ok: false, message: `At most ${MAX_PARTS} parts` };
  return { ok: true, partsMinor: parts };
}
