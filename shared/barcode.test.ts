import { describe, expect, it } from 'vitest';
import { checkBarcode, gtinCheckDigit } from './barcode.js';

describe('GTIN check digits', () => {
  it.each([
    ['4006381333931', 'EAN-13'],
    ['5901234123457', 'EAN-13'],
    ['036000291452', 'UPC-A'],
    ['96385074', 'EAN-8'],
  ])('accepts %s as %s', (code, format) => {
    expect(checkBarcode(code)).toEqual({ ok: true, gtin: code, format });
  });

  it('computes the check digit from the body', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('03600029145')).toBe(2);
    expect(gtinCheckDigit('9638507')).toBe(4);
  });

  it('rejects a misread digit, letters and odd lengths with a reason', () => {
    expect(checkBarcode('4006381333932')).toMatchObject({ ok: false, reason: 'bad_check_digit' });
    expect(checkBarcode('40063813339X1')).toMatchObject({ ok: false, reason: 'not_digits' });
    expect(checkBarcode('12345')).toMatchObject({ ok: false, reason: 'bad_length' });
    expect(checkBarcode('')).toMatchObject({ ok: false, reason: 'not_digits' });
  });

  it('trims scanner whitespace', () => {
    expect(checkBarcode(' 96385074 \r')).toMatchObject({ ok: true, gtin: '96385074' });
  });
});
