/** The physical state a simulated printer reports through DLE EOT, GS r and ASB. */
export interface PrinterCondition {
  coverOpen: boolean;
  paper: 'ok' | 'near_end' | 'out';
  /** Drawer kick-out connector pin 3; which level means "open" depends on the drawer. */
  drawerPinHigh: boolean;
  error?: 'none' | 'autocutter' | 'mechanical' | 'unrecoverable' | 'auto_recoverable';
}

export const READY_CONDITION: PrinterCondition = { coverOpen: false, paper: 'ok', drawerPinHigh: false, error: 'none' };

/** Whether the printer stops printing (and buffers what it receives) in this condition. */
export function isStopped(condition: PrinterCondition): boolean {
  return condition.coverOpen || condition.paper === 'out' || (condition.error ?? 'none') !== 'none';
}

/**
 * The one-byte reply to `DLE EOT n` (10 04 n). Bits 1 and 4 are always set, so a ready printer answers
 * 0x12 to every n; "out of paper" reads 1A / 32 / 7E for n = 1 / 2 / 4 (reference §3.3).
 * Returns undefined for n the printer would not answer.
 */
export function realtimeStatusByte(n: number, condition: PrinterCondition): number | undefined {
  const fixed = 0x12;
  const paperOut = condition.paper === 'out';
  const error = condition.error ?? 'none';
  switch (n) {
    case 1:
      return fixed | (condition.drawerPinHigh ? 0x04 : 0) | (isStopped(condition) ? 0x08 : 0);
    case 2:
      return fixed | (condition.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (error !== 'none' ? 0x40 : 0);
    case 3:
      return (
        fixed |
        (error === 'mechanical' ? 0x04 : 0) |
        (error === 'autocutter' ? 0x08 : 0) |
        (error === 'unrecoverable' ? 0x20 : 0) |
        (error === 'auto_recoverable' ? 0x40 : 0)
      );
    case 4:
      return fixed | (condition.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
    default:
      return undefined;
  }
}

/** The 4-byte Automatic Status Back frame for this condition. */
export function asbFrame(condition: PrinterCondition): Uint8Array {
  const error = condition.error ?? 'none';
  const b1 = 0x10 | (condition.drawerPinHigh ? 0x04 : 0) | (isStopped(condition) ? 0x08 : 0) | (condition.coverOpen ? 0x20 : 0);
  const b2 =
    (error === 'mechanical' ? 0x04 : 0) |
    (error === 'autocutter' ? 0x08 : 0) |
    (error === 'unrecoverable' ? 0x20 : 0) |
    (error === 'auto_recoverable' ? 0x40 : 0);
  const b3 = condition.paper === 'out' ? 0x0f : condition.paper === 'near_end' ? 0x03 : 0;
  return Uint8Array.of(b1, b2, b3, 0x00);
}

/** The `GS r 1` reply: paper sensor bits, sent once everything before the request is processed. */
export function paperStatusReply(condition: PrinterCondition): number {
  return condition.paper === 'out' ? 0x0f : condition.paper === 'near_end' ? 0x03 : 0x00;
}
