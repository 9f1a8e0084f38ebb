import type { PrintedBlock, TextSpan } from './escpos-decoder.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function span(s: TextSpan): string {
  const classes = [
    s.bold ? 'b' : '',
    s.underline ? 'u' : '',
    s.reverse ? 'rev' : '',
    s.width > 1 ? `w${s.width}` : '',
    s.height > 1 ? `h${s.height}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const text = escapeHtml(s.text).replace(/ /g, '&nbsp;');
  return classes ? `<span class="${classes}">${text}</span>` : text;
}

function block(b: PrintedBlock): string {
  switch (b.type) {
    case 'text':
      return `<div class="line ${b.align}">${b.spans.map(span).join('') || '&nbsp;'}</div>`;
    case 'qr':
      return `<div class="code qr" title="${b.symbol.toUpperCase()}"><span class="label">${b.symbol.toUpperCase()}</span> ${escapeHtml(b.data)}</div>`;
    case 'barcode':
      return `<div class="code barcode"><span class="label">${escapeHtml(b.symbology)}</span> ${escapeHtml(b.data)}</div>`;
    case 'image':
      return `<div class="image">image ${b.widthDots}×${b.heightDots} dots</div>`;
    case 'cut':
      return `<div class="cut ${b.mode}">✂ ${b.mode} cut</div>`;
    case 'drawerKick':
      return `<div class="drawer">cash drawer pulse on pin ${b.pin === 0 ? 2 : 5} (${b.onMs} ms)</div>`;
  }
}

const STYLE = [
  '.receipt{font-family:monospace;white-space:pre;background:#fff;color:#000;padding:1ch;display:inline-block}',
  '.line.center{text-align:center}.line.right{text-align:right}',
  '.b{font-weight:bold}.u{text-decoration:underline}.rev{background:#000;color:#fff}',
  '.w2{letter-spacing:1ch}.h2{font-size:1.6em}.w3,.w4{letter-spacing:2ch}.h3,.h4{font-size:2.2em}',
  '.code,.image,.drawer{border:1px dashed #555;margin:.3em 0;padding:.3em;text-align:center;white-space:normal;word-break:break-all}',
  '.label{font-weight:bold}.cut{border-top:2px dashed #999;color:#999;text-align:center;margin:.5em 0}',
].join('');

/** The decoded paper as a self-contained HTML fragment for the diagnostics page. */
export function renderReceiptHtml(blocks: readonly PrintedBlock[], options: { columns?: number } = {}): string {
  const width = options.columns ?? 42;
  return `<style>${STYLE}</style><div class="receipt" style="width:${width}ch">${blocks.map(block).join('')}</div>`;
}
