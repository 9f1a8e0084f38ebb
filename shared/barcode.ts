/**
 * GTIN (EAN-13, UPC-A, EAN-8) validation. A scanner can misread a digit; the check digit is what
 * stops a misread from ringing up the wrong item, so an invalid one is rejected, never "fixed".
 */
export type BarcodeCheck =
  | { ok: true; gtin: string; format: 'EAN-13' | 'UPC-A' | 'EAN-8' }
  | { ok: false; reason: 'not_digits' | 'bad_length' | 'bad_check_digit'; message: string };

const FORMATS: Readonly<Record<number, 'EAN-13' | 'UPC-A' | 'EAN-8'>> = { 13: 'EAN-13', 12: 'UPC-A', 8: 'EAN-8' };

export function gtinCheckDigit(body: string): number {
  // Weights alternate 3,1,3,... starting from the digit next to the check digit.
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function checkBarcode(raw: string): BarcodeCheck {
  const code = raw.trim();
  if (!/^\d+$/.test(code)) return { ok: false, reason: 'not_digits', message: `Barcode "${code}" must contain only digits` };
  const format = FORMATS[code.length];
  if (!format) {
    return { ok: false, reason: 'bad_length', message: `Barcode "${code}" has ${code.length} digits; expected 8, 12 or 13` };
  }
  const expected = gtinCheckDigit(code.slice(0, -1));
  const actual = code.charCodeAt(code.length - 1) - 48;
  if (expected !== actual) {
    return {
      ok: false,
      reason: 'bad_check_digit',
      message: `Barcode ${code} failed its check digit (expected ${expected}, got ${actual}): scan again`,
    };
  }
  return { ok: true, gtin: code, format };
}
