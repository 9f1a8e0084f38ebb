import { encodeKitchenTicket } from '../escpos/kitchen-encoder.js';
import type { PrinterProfile } from '../escpos/printer-profile.js';
import type { MonochromeImage } from '../escpos/raster-image.js';
import { encodeReceipt } from '../escpos/receipt-encoder.js';
import type { PrintableDocument } from './print-job.js';

export interface PrinterAssets {
  logo?: MonochromeImage;
}

/** Renders a stored document for one printer's profile (paper width, code page, capabilities). */
export function encodeDocument(doc: PrintableDocument, profile: PrinterProfile, assets: PrinterAssets = {}): Uint8Array {
  switch (doc.kind) {
    case 'receipt':
      return encodeReceipt(doc, profile, assets.logo ? { logo: assets.logo } : {});
    case 'kitchen':
      return encodeKitchenTicket(doc, profile);
  }
}

export function asReprint(doc: PrintableDocument): PrintableDocument {
  return { ...doc, reprint: true };
}
