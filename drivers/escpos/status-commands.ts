/** Host → printer status and completion requests. */

export type RealtimeStatusN = 1 | 2 | 3 | 4;

/** DLE EOT n: answered at once, even offline. Never send it inside another command. */
export function realtimeStatusRequest(n: RealtimeStatusN): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

/** GS a n with drawer, online/offline, error and paper bits: the printer then reports every change. */
export const ENABLE_ASB: Uint8Array = Uint8Array.of(0x1d, 0x61, 0x0f);

/** GS r 1: processed in order, so its reply means everything before it has been printed. */
export const PAPER_STATUS_REQUEST: Uint8Array = Uint8Array.of(0x1d, 0x72, 0x01);

/** GS ( H fn 48: the printer answers `37 22 id 00` when printing up to here is complete. */
export function jobDoneRequest(id: string): Uint8Array {
  if (!/^[\x20-\x7e]{4}$/.test(id)) throw new RangeError(`job-done id must be 4 printable ASCII characters, got "${id}"`);
  return Uint8Array.from([0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, ...Buffer.from(id, 'latin1')]);
}

/** A 4-character job-done id from a counter (base 36, wraps after 1.6 million jobs). */
export function jobDoneId(counter: number): string {
  return (Math.abs(Math.trunc(counter)) % 36 ** 4).toString(36).toUpperCase().padStart(4, '0');
}
