/** The conditions a simulated printer reports through DLE EOT. */
export interface PrinterCondition {
  coverOpen: boolean;
  paper: 'ok' | 'near_end' | 'out';
  /** Drawer kick-out connector pin 3; which level means "open" depends on the drawer. */
  drawerPinHigh: boolean;
}

export const READY_CONDITION: PrinterCondition = { coverOpen: false, paper: 'ok', drawerPinHigh: false };

/**
 * The one-byte reply to `DLE EOT n` (10 04 n). Bits 1 and 4 are always set, so a ready printer answers
 * 0x12 to every n; "out of paper" reads 1A / 32 / 7E for n = 1 / 2 / 4 (reference §3.3).
 * Returns undefined for n the printer would not answer.
 */
export function realtimeStatusByte(n: number, condition: PrinterCondition): number | undefined {
  const fixed = 0x12;
  const paperOut = condition.paper === 'out';
  switch (n) {
    case 1:
      return fixed | (condition.drawerPinHigh ? 0x04 : 0) | (condition.coverOpen || paperOut ? 0x08 : 0);
    case 2:
      return fixed | (condition.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
    case 3:
      return fixed;
    case 4:
      return fixed | (condition.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
    default:
      return undefined;
  }
}
