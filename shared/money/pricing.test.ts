import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashTender, roundCash } from './cash-rounding.js';
import { priceOrder, type PricingDiscount, type PricingLine } from './pricing.js';
import { allocate, divRound, mulDivRound } from './rounding.js';

let n = 0;
const line = (quantity: number, unitPriceMinor: number, ratePpm: number, included: boolean, deltas: number[] = []): PricingLine => ({
  lineId: `line-${++n}`,
  quantity,
  unitPriceMinor,
  modifiers: deltas.map((priceDeltaMinor) => ({ priceDeltaMinor })),
  tax: { ratePpm, included },
});

describe('rounding', () => {
  it('rounds half away from zero, exactly, also beyond 2^53', () => {
    expect(divRound(5, 10)).toBe(1);
    expect(divRound(4, 10)).toBe(0);
    expect(divRound(-5, 10)).toBe(-1);
    expect(mulDivRound(135, 200_000, 1_200_000)).toBe(23); // 22.5 → 23
    expect(mulDivRound(954, 100_000, 1_100_000)).toBe(87); // 86.73
    expect(mulDivRound(99_999_999_999, 1_000_000, 3)).toBe(33_333_333_333_000_000);
  });

  it('allocates exactly, in proportion, leftovers to the largest remainders', () => {
    expect(allocate(100, [949, 500])).toEqual([65, 35]);
    expect(allocate(121, [840, 220, 150])).toEqual([84, 22, 15]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    fc.assert(
      fc.property(fc.nat(100_000), fc.array(fc.nat(50_000), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const shares = allocate(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
        shares.forEach((s, i) => expect(Math.abs(s * sum - total * weights[i]!)).toBeLessThan(sum + 1));
      }),
      { numRuns: 300 },
    );
  });
});

describe('pricing: hand-computed receipts', () => {
  it('café, EU VAT included, two rates, modifiers, 10 % staff discount, cash rounded to 5 cents', () => {
    // 2 × Latte 3.80 + oat milk 0.40 = 8.40 (10 %); Croissant 2.20 (10 %); Water 1.50 (20 %).
    // Subtotal 12.10; staff 10 % = 1.21, spread 0.84 / 0.22 / 0.15 → nets 7.56, 1.98, 1.35 = 10.89.
    // VAT 10 %: 9.54 × 10/110 = 0.867 → 0.87; VAT 20 %: 1.35 × 20/120 = 0.225 → 0.23 (half up).
    const lines = [line(2, 380, 100_000, true, [40]), line(1, 220, 100_000, true), line(1, 150, 200_000, true)];
    const discounts: PricingDiscount[] = [{ discountId: 'staff', target: { kind: 'order' }, amount: { kind: 'percent', bp: 1000 } }];
    const price = priceOrder(lines, discounts);
    expect(price.lines.map((l) => [l.grossMinor, l.orderDiscountMinor, l.netMinor])).toEqual([
      [840, 84, 756],
      [220, 22, 198],
      [150, 15, 135],
    ]);
    expect(price).toMatchObject({ subtotalMinor: 1210, discountMinor: 121, taxMinor: 110, taxAddedMinor: 0, totalMinor: 1089 });
    expect(price.taxes).toEqual([
      { ratePpm: 100_000, included: true, baseMinor: 954, taxMinor: 87 },
      { ratePpm: 200_000, included: true, baseMinor: 135, taxMinor: 23 },
    ]);
    expect(cashTender(1089, 2000, { incrementMinor: 5 })).toEqual({
      ok: true,
      amountMinor: 1089,
      roundingMinor: 1,
      collectMinor: 1090,
      tenderedMinor: 2000,
      changeMinor: 910,
    });
  });

  it('diner, US sales tax 8.875 % added on top, a $2 coupon on the burger', () => {
    // Burger 12.99 + extra cheese 1.00 − no onions 0.00 = 13.99, coupon 2.00 → 11.99; 2 × Soda 2.49 = 4.98.
    // Tax base 16.97 × 8.875 % = 1.5060875 → 1.51; total 18.48.
    const burger = line(1, 1299, 88_750, false, [100, 0]);
    const soda = line(2, 249, 88_750, false);
    const price = priceOrder(
      [burger, soda],
      [{ discountId: 'coupon', target: { kind: 'line', lineId: burger.lineId }, amount: { kind: 'fixed', amountMinor: 200 } }],
    );
    expect(price.lines.map((l) => [l.unitTotalMinor, l.grossMinor, l.lineDiscountMinor, l.netMinor])).toEqual([
      [1399, 1399, 200, 1199],
      [249, 498, 0, 498],
    ]);
    expect(price).toMatchObject({ subtotalMinor: 1897, discountMinor: 200, taxMinor: 151, taxAddedMinor: 151, totalMinor: 1848 });
  });

  it('a 5 % line discount that lands on half a cent, and a fixed order discount over two tax bands', () => {
    // 3 × 3.33 = 9.99; 5 % = 0.4995 → 0.50 (half up) → 9.49. Order −1.00 over 9.49 : 5.00 → 0.65 / 0.35.
    // Nets 8.84 (19 % incl.: 8.84 × 19/119 = 1.4114 → 1.41) and 4.65 (0 %). Total 13.49.
    const a = line(3, 333, 190_000, true);
    const b = line(1, 500, 0, true);
    const price = priceOrder(
      [a, b],
      [
        { discountId: 'd1', target: { kind: 'line', lineId: a.lineId }, amount: { kind: 'percent', bp: 500 } },
        { discountId: 'd2', target: { kind: 'order' }, amount: { kind: 'fixed', amountMinor: 100 } },
      ],
    );
    expect(price.lines.map((l) => [l.lineDiscountMinor, l.orderDiscountMinor, l.netMinor])).toEqual([
      [50, 65, 884],
      [0, 35, 465],
    ]);
    expect(price).toMatchObject({ totalMinor: 1349, taxMinor: 141, discountMinor: 150 });
    expect(price.discounts).toEqual([
      { discountId: 'd1', amountMinor: 50 },
      { discountId: 'd2', amountMinor: 100 },
    ]);
  });

  it('caps discounts so nothing goes negative', () => {
    const a = line(1, 300, 0, true);
    const price = priceOrder(
      [a],
      [
        { discountId: 'big', target: { kind: 'line', lineId: a.lineId }, amount: { kind: 'fixed', amountMinor: 500 } },
        { discountId: 'more', target: { kind: 'order' }, amount: { kind: 'percent', bp: 5000 } },
      ],
    );
    expect(price).toMatchObject({
      totalMinor: 0,
      discountMinor: 300,
      discounts: [
        { discountId: 'big', amountMinor: 300 },
        { discountId: 'more', amountMinor: 0 },
      ],
    });
  });

  it('keeps totals consistent for any order', () => {
    const lineArb = fc.record({
      quantity: fc.integer({ min: 1, max: 20 }),
      price: fc.nat(20_000),
      rate: fc.constantFrom(0, 70_000, 100_000, 190_000, 88_750),
      included: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.nat(10_000), fc.nat(5_000), (specs, bp, fixed) => {
        const lines = specs.map((s) => line(s.quantity, s.price, s.rate, s.included));
        const price = priceOrder(lines, [
          { discountId: 'p', target: { kind: 'order' }, amount: { kind: 'percent', bp: Math.max(1, bp) } },
          { discountId: 'f', target: { kind: 'line', lineId: lines[0]!.lineId }, amount: { kind: 'fixed', amountMinor: fixed + 1 } },
        ]);
        const nets = price.lines.reduce((s, l) => s + l.netMinor, 0);
        expect(price.totalMinor).toBe(nets + price.taxAddedMinor);
        expect(price.subtotalMinor - price.discountMinor).toBe(nets);
        for (const l of price.lines) expect(l.netMinor).toBeGreaterThanOrEqual(0);
        for (const t of price.taxes) expect(t.taxMinor).toBeLessThanOrEqual(t.baseMinor);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cash rounding', () => {
  it('rounds to the nearest increment, half up, and refuses short tender', () => {
    expect(roundCash(722, { incrementMinor: 5 })).toBe(720);
    expect(roundCash(723, { incrementMinor: 5 })).toBe(725);
    expect(roundCash(1250, { incrementMinor: 100 })).toBe(1300);
    expect(roundCash(1249, { incrementMinor: 1 })).toBe(1249);
    expect(cashTender(722, 720, { incrementMinor: 5 })).toMatchObject({ ok: true, roundingMinor: -2, changeMinor: 0 });
    expect(cashTender(723, 720, { incrementMinor: 5 })).toEqual({ ok: false, reason: 'insufficient_tender', collectMinor: 725 });
  });
});
