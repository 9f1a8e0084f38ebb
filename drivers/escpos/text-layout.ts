/**
 * Column-fitting for fixed-width receipt text. Lengths are in characters because every character the
 * encoder emits is one byte wide in the single-byte code pages it selects (see sanitizeReceiptText).
 */

/**
 * Makes arbitrary text safe to print: NFC so "e + U+0300" is one encodable "è" (node-thermal-printer
 * would otherwise switch the printer to WPC1258 for the combining mark), control characters become
 * spaces so catalog data can never inject commands such as a drawer kick, and astral characters
 * (emoji), which no code page has, become "?" so they count as one column.
 */
export function sanitizeReceiptText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\u{10000}-\u{10ffff}]/gu, '?');
}

/** Word-wraps to `width`, hard-breaking words longer than a line. */
export function wrapText(text: string, width: number): string[] {
  if (width < 1) throw new RangeError(`width must be positive, got ${width}`);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    let rest = word;
    while (rest.length > 0) {
      const candidate = line.length === 0 ? rest : `${line} ${rest}`;
      if (candidate.length <= width) {
        line = candidate;
        rest = '';
      } else if (line.length > 0) {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

export interface Row {
  left: string;
  right: string;
}

/**
 * Lays out "left ... right" in `width` columns. Too-long left text wraps onto continuation lines
 * indented by `indent`, and the right column (the amount) stays on the first line so amounts line up.
 */
export function fitLeftRight(left: string, right: string, width: number, indent = 0): Row[] {
  if (left.length + 1 + right.length <= width) return [{ left, right }];
  const firstWidth = width - right.length - 1;
  if (firstWidth < Math.min(8, width)) {
    const rows = wrapText(left, width).map((l) => ({ left: l, right: '' }));
    rows.push({ left: '', right: right.slice(0, width) });
    return rows;
  }
  const [first = '', ...restOfFirst] = wrapText(left, firstWidth);
  const rows: Row[] = [{ left: first, right }];
  const rest = restOfFirst.join(' ');
  if (rest.length > 0) {
    const pad = ' '.repeat(Math.min(indent, width - 1));
    for (const line of wrapText(rest, width - pad.length)) rows.push({ left: pad + line, right: '' });
  }
  return rows;
}
