import type { ThermalPrinter } from 'node-thermal-printer';
import type { PrinterProfile } from './printer-profile.js';

/** First line of any copy, so a reprint can never pass for the original. */
export const REPRINT_BANNER = '*** REPRINT ***';

/** First line of a receipt copy an operator asked for: rebuilt from the order as it stands, refunds included. */
export const COPY_BANNER = '*** COPY ***';

/** Feed and cut as the profile allows; always ends with ESC @ so the next job starts clean. */
export function finishDocument(p: ThermalPrinter, profile: PrinterProfile): void {
  // node-thermal-printer feeds in ESC d 4 steps before GS V.
  const cutOptions = { verticalTabAmount: Math.max(1, Math.ceil(profile.feedLinesBeforeCut / 4)) };
  if (profile.cut === 'partial') p.partialCut(cutOptions);
  else if (profile.cut === 'full') p.cut(cutOptions);
  else {
    p.add(Buffer.from([0x1b, 0x64, profile.feedLinesBeforeCut, 0x1b, 0x40]));
  }
}
