import iconv from 'iconv-lite';

/** Characters a VFD's code page often lacks, spelled the way a customer still reads them. */
const SPELLED: Readonly<Record<string, string>> = {
  '€': 'EUR',
  ß: 'ss',
  Œ: 'OE',
  œ: 'oe',
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  '“': '"',
  '”': '"',
  '„': '"',
  '‘': "'",
  '’': "'",
  '–': '-',
  '—': '-',
  '…': '...',
  '×': 'x',
};

function encodable(char: string, encoding: string): boolean {
  if (char.charCodeAt(0) < 0x80) return true;
  const bytes = iconv.encode(char, encoding);
  return bytes.length === 1 && iconv.decode(bytes, encoding) === char;
}

/**
 * Rewrites text so every character exists in the display's code page: kept when encodable, else
 * spelled out (€ → EUR), else stripped of its accent (ő → o), else "?". Control characters become
 * spaces so a product name can never send a display command.
 */
export function transliterate(text: string, encoding = 'cp437'): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')) {
    if (encodable(char, encoding)) out += char;
    else if (SPELLED[char] !== undefined) out += SPELLED[char];
    else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => encodable(c, encoding)) && base.length > 0 ? base : '?';
    }
  }
  return out;
}

/** Pads or cuts to exactly `width` characters. */
export function fit(text: string, width = 20, align: 'left' | 'right' | 'center' = 'left'): string {
  const chars = [...text];
  if (chars.length >= width) return chars.slice(0, width).join('');
  const room = width - chars.length;
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
  return text + ' '.repeat(room);
}

/** "Espresso        2.50": the right part (the amount) always shows; the left is cut to make room. */
export function leftRight(left: string, right: string, width = 20): string {
  const rightChars = [...right].slice(0, width);
  const room = width - rightChars.length - 1;
  if (room <= 0) return fit(rightChars.join(''), width, 'right');
  return fit(fit([...left].slice(0, room).join(''), room) + ' ' + rightChars.join(''), width);
}

export function encodeDisplayText(text: string, encoding = 'cp437'): Uint8Array {
  return Uint8Array.from(iconv.encode(text, encoding));
}
