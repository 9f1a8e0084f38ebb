import { checkBarcode } from './barcode.js';
import type { CatalogItem } from './catalog.js';
import type { LineMeasure } from './events/order-events.js';
import { mulDivRound } from './money/rounding.js';

/**
 * In-store (variable measure) barcodes: EAN-13 with GS1 prefix 20–29, or prefix 02 (a UPC-A of
 * number system 2 read as EAN-13). Layouts, left to right:
 *   20–29:  PP IIIII VVVVV C        5-digit item code (plu), 5-digit value
 *   02:     02 IIIII K VVVV C       5-digit item code, price verifier digit K, 4-digit value
 * The value is grams or a price in minor units: the catalog item with that plu says which.
 */
export type InStoreCode = { prefix: string; plu: string; value: number };

export type InStoreParse =
  | { ok: true; code: InStoreCode }
  | { ok: false; reason: 'not_in_store' | 'bad_check_digit' | 'bad_price_check_digit' | 'not_digits' | 'bad_length'; message: string };

export function isInStorePrefix(gtin13: string): boolean {
  return gtin13.startsWith('02') || (gtin13[0] === '2' && gtin13.length === 13);
}

// GS1 General Specifications §7.9: weighting factors 2-, 3 and 5- as lookup tables.
const W2MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7];
const W3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7];
const W5MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1];

/** The price verifier digit of a 4-digit price field (weights 2-, 2-, 3, 5-; units digit of 3 × sum). */
export function priceCheckDigit4(digits: string): number {
  const d = [...digits].map((c) => c.charCodeAt(0) - 48);
  const sum = W2MINUS[d[0]!]! + W2MINUS[d[1]!]! + W3[d[2]!]! + W5MINUS[d[3]!]!;
  return (sum * 3) % 10;
}

export function parseInStoreBarcode(raw: string): InStoreParse {
  const check = checkBarcode(raw);
  if (!check.ok) return { ok: false, reason: check.reason, message: check.message };
  const code = check.format === 'UPC-A' ? `0${check.gtin}` : check.gtin;
  if (code.length !== 13 || !isInStorePrefix(code)) {
    return { ok: false, reason: 'not_in_store', message: `${check.gtin} is a trade item number, not an in-store code` };
  }
  const prefix = code.slice(0, 2);
  const plu = code.slice(2, 7);
  if (prefix === '02') {
    const valueDigits = code.slice(8, 12);
    const verifier = code.charCodeAt(7) - 48;
    if (priceCheckDigit4(valueDigits) !== verifier) {
      return { ok: false, reason: 'bad_price_check_digit', message: `In-store code ${code} failed its price check digit: scan again` };
    }
    return { ok: true, code: { prefix, plu, value: Number(valueDigits) } };
  }
  return { ok: true, code: { prefix, plu, value: Number(code.slice(7, 12)) } };
}

export type InStorePrice = { unitPriceMinor: number; measure?: LineMeasure };

/**
 * Price of one scanned in-store item: weight × price per kg rounded half up to the minor unit, or
 * the embedded price as is.
 */
export function priceInStoreItem(item: Pick<CatalogItem, 'variableMeasure'>, code: InStoreCode): InStorePrice | undefined {
  const measure = item.variableMeasure;
  if (!measure) return undefined;
  if (measure.kind === 'price') return { unitPriceMinor: code.value };
  const grams = code.value;
  if (grams < 1) return undefined;
  return {
    unitPriceMinor: mulDivRound(grams, measure.pricePerKgMinor, 1000),
    measure: { kind: 'weight', grams, pricePerKgMinor: measure.pricePerKgMinor },
  };
}

/** The catalog item a scanned in-store code names, matching its plu with or without leading zeros. */
export function findByPlu(catalog: readonly CatalogItem[], plu: string): CatalogItem | undefined {
  const key = plu.padStart(5, '0');
  return catalog.find((item) => item.plu !== undefined && item.plu.padStart(5, '0') === key);
}
