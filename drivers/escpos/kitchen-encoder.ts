import type { KitchenTicketDocument } from './kitchen-ticket.js';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './printer-profile.js';
import { finishDocument, REPRINT_BANNER } from './receipt-encoder.js';
import { sanitizeReceiptText, wrapText } from './text-layout.js';
import { builtBytes, createThermalBuilder } from './thermal-builder.js';

function quantityText(quantity: number): string {
  if (!Number.isFinite(quantity) || quantity <= 0) throw new RangeError(`quantity must be positive, got ${quantity}`);
  return Number.isInteger(quantity) ? String(quantity) : quantity.toFixed(3).replace(/\.?0+$/, '');
}

/**
 * Kitchen ticket layout, read from a rail across a hot kitchen: the station in reverse video, the ticket
 * number in quad size (double width halves the columns, so it is wrapped to columns / 2), dishes in
 * double height and bold, modifiers indented under their dish, and notes in reverse video so they are
 * not missed. No prices.
 */
export function encodeKitchenTicket(doc: KitchenTicketDocument, profile: PrinterProfile = DEFAULT_PRINTER_PROFILE): Uint8Array {
  const width = profile.columns;
  const half = Math.floor(width / 2);
  const text = sanitizeReceiptText;
  const p = createThermalBuilder(width, profile.characterSet);
  const wrapped = (value: string, columns: number, indent = ''): void => {
    for (const line of wrapText(value, columns - indent.length)) p.println(indent + line);
  };
  /** Reverse-video lines keep a blank on each side so the black bar frames the words. */
  const banner = (value: string, columns: number): void => {
    for (const line of wrapText(value, columns - 2)) p.println(` ${line} `);
  };

  // Sizes are set before bold: ESC ! rewrites the emphasis bit, so bold first would be switched off again.
  p.alignCenter();
  if (doc.reprint) {
    p.setTextDoubleHeight();
    p.bold(true);
    p.println(REPRINT_BANNER);
    p.setTextNormal();
  }
  p.setTextDoubleHeight();
  p.bold(true);
  p.invert(true);
  banner(text(doc.station).toUpperCase(), width);
  p.invert(false);
  p.setTextNormal();

  p.setTextQuadArea();
  p.bold(true);
  wrapped(`#${text(doc.ticketNumber)}`, half);
  p.setTextDoubleHeight();
  p.bold(true);
  wrapped(text(doc.orderType).toUpperCase() + (doc.table ? ` - TABLE ${text(doc.table)}` : ''), width);
  if (doc.guest) wrapped(`FOR ${text(doc.guest)}`, width);
  p.setTextNormal();
  p.println(text(doc.timestamp));
  if (doc.reroutedFrom) p.println(`(for ${text(doc.reroutedFrom)}: its printer is down)`);

  p.alignLeft();
  p.drawLine();
  for (const item of doc.items) {
    const prefix = `${quantityText(item.quantity)} x `;
    const [first = '', ...rest] = wrapText(prefix + text(item.name), width);
    p.setTextDoubleHeight();
    p.bold(true);
    p.println(first);
    if (rest.length > 0) wrapped(rest.join(' '), width, ' '.repeat(prefix.length));
    p.setTextNormal();
    for (const modifier of item.modifiers ?? []) {
      p.bold(true);
      wrapped(`+ ${text(modifier)}`, width, '    ');
      p.bold(false);
    }
    if (item.note) {
      p.invert(true);
      banner(`NOTE: ${text(item.note)}`, width);
      p.invert(false);
    }
  }
  p.drawLine();
  if (doc.note) {
    p.invert(true);
    p.bold(true);
    banner(`ORDER NOTE: ${text(doc.note)}`, width);
    p.bold(false);
    p.invert(false);
  }
  finishDocument(p, profile);
  return builtBytes(p);
}
