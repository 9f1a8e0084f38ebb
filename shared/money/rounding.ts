/**
 * Integer arithmetic for money. Every division in pricing goes through here, so there is one
 * rounding rule: half away from zero ("commercial rounding"), on exact integers, never floats.
 */

/** round(a × b / c), half away from zero, exact for any safe integers (BigInt when a × b is not safe). */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c <= 0 || !Number.isInteger(c)) throw new RangeError(`divisor must be a positive integer, got ${c}`);
  const n = a * b;
  if (Number.isSafeInteger(n)) return divRound(n, c);
  const big = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  const q = big / divisor;
  const r = big % divisor;
  const twice = (r < 0n ? -r : r) * 2n;
  const rounded = twice >= divisor ? q + (big < 0n ? -1n : 1n) : q;
  return Number(rounded);
}

/** round(n / c), half away from zero; `%` is exact on integers, so no float error creeps in. */
export function divRound(n: number, c: number): number {
  const r = n % c;
  const q = (n - r) / c;
  return Math.abs(r) * 2 >= c ? q + Math.sign(n) : q;
}

/**
 * Splits `total` over `weights` in proportion, exactly: floor shares, then the leftover units go one
 * each to the largest remainders (ties to the earlier index). Used to spread an order discount over
 * lines with different tax rates without losing or inventing a cent.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const shares: number[] = [];
  const remainders: { index: number; rem: number }[] = [];
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    const exact = mulDivFloor(total, w, sum);
    shares.push(exact.q);
    remainders.push({ index: i, rem: exact.r });
    given += exact.q;
  }
  remainders.sort((x, y) => y.rem - x.rem || x.index - y.index);
  for (let k = 0; k < total - given; k++) shares[remainders[k]!.index]! += 1;
  return shares;
}

function mulDivFloor(a: number, b: number, c: number): { q: number; r: number } {
  const n = a * b;
  if (Number.isSafeInteger(n)) {
    const r = n % c;
    return { q: (n - r) / c, r };
  }
  const big = BigInt(a) * BigInt(b);
  return { q: Number(big / BigInt(c)), r: Number(big % BigInt(c)) };
}
