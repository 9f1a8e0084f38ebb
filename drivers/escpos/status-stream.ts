import { isRealtimeStatusByte, parseAsb, type AsbStatus } from './status.js';

/** One message read back from an ESC/POS printer. */
export type PrinterMessage =
  /** Reply to DLE EOT n; which n is known only to whoever asked. */
  | { type: 'realtime'; byte: number }
  | { type: 'asb'; status: AsbStatus; frame: Uint8Array }
  /** Reply to GS r (paper or drawer status), also the generic end-of-job marker. */
  | { type: 'transmitStatus'; byte: number }
  /** Reply to GS ( H fn 48: printing up to the marker with this id is complete. */
  | { type: 'jobDone'; id: string }
  /** Other NUL-terminated block replies (GS I model name 0x5F, ...). */
  | { type: 'block'; header: number; text: string }
  | { type: 'noise'; byte: number };

const BLOCK_HEADERS = new Set([0x35, 0x37, 0x3b, 0x3d, 0x5f]);
const MAX_BLOCK = 80;

/**
 * Splits the bytes a printer sends back into messages, using the bit patterns that tell them apart
 * (receiptio's discrimination): real-time `0xx1xx10`, ASB `0xx1xx00` + three `0xx0xxxx` bytes,
 * block replies starting 35/37/3B/3D/5F up to NUL, and GS r replies `0xx0xxxx`. Chunks may split
 * a frame anywhere.
 */
export class PrinterResponseParser {
  #pending: number[] = [];

  push(chunk: Uint8Array): PrinterMessage[] {
    const out: PrinterMessage[] = [];
    for (const byte of chunk) {
      this.#pending.push(byte);
      this.#drain(out);
    }
    return out;
  }

  reset(): void {
    this.#pending = [];
  }

  #drain(out: PrinterMessage[]): void {
    while (this.#pending.length > 0) {
      const first = this.#pending[0] ?? 0;
      if (isRealtimeStatusByte(first)) {
        out.push({ type: 'realtime', byte: first });
        this.#pending.shift();
        continue;
      }
      if ((first & 0x93) === 0x10) {
        // An ASB frame: wait for 4 bytes; if one of them cannot belong to it, the first byte was noise.
        for (let i = 1; i < this.#pending.length; i++) {
          if (((this.#pending[i] ?? 0) & 0x90) !== 0) {
            out.push({ type: 'noise', byte: first });
            this.#pending.shift();
            return this.#drain(out);
          }
        }
        if (this.#pending.length < 4) return;
        const frame = Uint8Array.from(this.#pending.splice(0, 4));
        const status = parseAsb(frame);
        if (status) out.push({ type: 'asb', status, frame });
        continue;
      }
      if (BLOCK_HEADERS.has(first)) {
        const end = this.#pending.indexOf(0x00);
        if (end < 0) {
          if (this.#pending.length > MAX_BLOCK) {
            out.push({ type: 'noise', byte: first });
            this.#pending.shift();
            continue;
          }
          return;
        }
        const body = this.#pending.splice(0, end + 1).slice(1, -1);
        if (first === 0x37 && body[0] === 0x22 && body.length === 5) {
          out.push({ type: 'jobDone', id: Buffer.from(body.slice(1)).toString('latin1') });
        } else out.push({ type: 'block', header: first, text: Buffer.from(body).toString('latin1') });
        continue;
      }
      if ((first & 0x90) === 0) {
        out.push({ type: 'transmitStatus', byte: first });
        this.#pending.shift();
        continue;
      }
      out.push({ type: 'noise', byte: first });
      this.#pending.shift();
    }
  }
}
