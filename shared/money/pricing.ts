import type { DiscountAmount, DiscountTarget } from '../events/order-events.js';
import type { LineTax } from './tax.js';
import { allocate, mulDivRound } from './rounding.js';

export interface PricingLine {
  lineId: string;
  quantity: number;
  unitPriceMinor: number;
  modifiers: readonly { priceDeltaMinor: number }[];
  tax: LineTax;
}

export interface PricingDiscount {
  discountId: string;
  target: DiscountTarget;
  amount: DiscountAmount;
}

export interface LinePrice {
  lineId: string;
  /** Unit price with modifiers. */
  unitTotalMinor: number;
  /** quantity × unitTotalMinor, before any discount. */
  grossMinor: number;
  lineDiscountMinor: number;
  /** This line's share of order-level discounts. */
  orderDiscountMinor: number;
  /** What the customer pays for the line, before tax that is added on top. */
  netMinor: number;
}

export interface TaxBand {
  ratePpm: number;
  included: boolean;
  /** Sum of the nets of the lines in this band. */
  baseMinor: number;
  taxMinor: number;
}

export interface OrderPrice {
  lines: LinePrice[];
  subtotalMinor: number;
  discountMinor: number;
  /** What each discount actually took off, after caps. */
  discounts: { discountId: string; amountMinor: number }[];
  taxes: TaxBand[];
  /** All tax, included and added. */
  taxMinor: number;
  /** Tax added on top of prices (tax-excluded items only). */
  taxAddedMinor: number;
  totalMinor: number;
}

const PERCENT_BP = 10_000;
const PPM = 1_000_000;

/**
 * Prices an order exactly, in integer minor units. The rule (docs/money.md):
 * 1. unit total = price + modifier deltas; gross = quantity × unit total.
 * 2. line discounts, in log order: a percent is of the line's gross; each is capped at what is left.
 * 3. order discounts, in log order: a percent is of the subtotal after line discounts; capped likewise.
 * 4. order discounts are spread over lines in proportion to what is left of them (largest remainder).
 * 5. tax per band (rate, included?) on the band's summed nets: included = net × r / (1 + r), added =
 *    net × r; each rounded once per band, half away from zero.
 * 6. total = Σ nets + added tax.
 */
export function priceOrder(lines: readonly PricingLine[], discounts: readonly PricingDiscount[] = []): OrderPrice {
  const priced: LinePrice[] = [];
  const index = new Map<string, number>();
  let subtotalMinor = 0;
  for (const line of lines) {
    let unitTotalMinor = line.unitPriceMinor;
    for (const m of line.modifiers) unitTotalMinor += m.priceDeltaMinor;
    const grossMinor = line.quantity * Math.max(0, unitTotalMinor);
    index.set(line.lineId, priced.length);
    priced.push({ lineId: line.lineId, unitTotalMinor, grossMinor, lineDiscountMinor: 0, orderDiscountMinor: 0, netMinor: grossMinor });
    subtotalMinor += grossMinor;
  }

  const applied: { discountId: string; amountMinor: number }[] = [];
  for (const d of discounts) {
    if (d.target.kind !== 'line') continue;
    const i = index.get(d.target.lineId);
    const line = i === undefined ? undefined : priced[i];
    if (!line) continue;
    const left = line.grossMinor - line.lineDiscountMinor;
    const amountMinor = Math.min(left, discountOf(d.amount, line.grossMinor));
    line.lineDiscountMinor += amountMinor;
    applied.push({ discountId: d.discountId, amountMinor });
  }

  const afterLine = priced.map((l) => l.grossMinor - l.lineDiscountMinor);
  const base = afterLine.reduce((s, v) => s + v, 0);
  let orderDiscount = 0;
  for (const d of discounts) {
    if (d.target.kind !== 'order') continue;
    const amountMinor = Math.min(base - orderDiscount, discountOf(d.amount, base));
    orderDiscount += amountMinor;
    applied.push({ discountId: d.discountId, amountMinor });
  }
  const shares = allocate(orderDiscount, afterLine);

  const bands = new Map<string, TaxBand>();
  for (let i = 0; i < priced.length; i++) {
    const line = priced[i]!;
    line.orderDiscountMinor = shares[i]!;
    line.netMinor = afterLine[i]! - shares[i]!;
    const tax = lines[i]!.tax;
    const key = `${tax.ratePpm}|${tax.included ? 1 : 0}`;
    const band = bands.get(key);
    if (band) band.baseMinor += line.netMinor;
    else bands.set(key, { ratePpm: tax.ratePpm, included: tax.included, baseMinor: line.netMinor, taxMinor: 0 });
  }

  const taxes = [...bands.values()].sort((a, b) => Number(a.included) - Number(b.included) || a.ratePpm - b.ratePpm);
  let taxMinor = 0;
  let taxAddedMinor = 0;
  for (const band of taxes) {
    band.taxMinor = band.included
      ? mulDivRound(band.baseMinor, band.ratePpm, PPM + band.ratePpm)
      : mulDivRound(band.baseMinor, band.ratePpm, PPM);
    taxMinor += band.taxMinor;
    if (!band.included) taxAddedMinor += band.taxMinor;
  }
  const netTotal = base - orderDiscount;
  return {
    lines: priced,
    subtotalMinor,
    discountMinor: subtotalMinor - netTotal,
    discounts: applied,
    taxes,
    taxMinor,
    taxAddedMinor,
    totalMinor: netTotal + taxAddedMinor,
  };
}

function discountOf(amount: DiscountAmount, ofMinor: number): number {
  return amount.kind === 'percent' ? mulDivRound(ofMinor, amount.bp, PERCENT_BP) : amount.amountMinor;
}
