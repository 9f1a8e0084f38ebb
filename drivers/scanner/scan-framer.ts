import { stripAimIdentifier } from './aim.js';

export type FramerOutput =
  | { type: 'code'; code: string; symbologyId?: string }
  | { type: 'too_long'; length: number; preview: string }
  | { type: 'overflow'; discardedBytes: number };

export interface ScanFramerOptions {
  /** Longest code accepted; longer frames are line noise or a misconfigured scanner. */
  maxCodeLength?: number;
  /** Bytes held without a terminator before the partial frame is thrown away. */
  maxBufferBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const EDGE_NOISE = /^[\s\u0000-\u001f\u007f]+|[\s\u0000-\u001f\u007f]+$/g;

/**
 * Splits a serial scanner's byte stream into codes. A frame ends at CR or LF (so CRLF yields one code
 * and an ignored empty frame); chunks may split anywhere, including between CR and LF.
 */
export class ScanFramer {
  readonly #maxCodeLength: number;
  readonly #maxBufferBytes: number;
  #buffer: number[] = [];
  /** After an overflow, the rest of that frame is garbage too: skip to the next terminator. */
  #discarding = false;

  constructor(options: ScanFramerOptions = {}) {
    this.#maxCodeLength = options.maxCodeLength ?? 64;
    this.#maxBufferBytes = options.maxBufferBytes ?? 256;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        if (this.#discarding) this.#discarding = false;
        else this.#frame(out);
        this.#buffer = [];
        continue;
      }
      if (this.#discarding) continue;
      this.#buffer.push(byte);
      if (this.#buffer.length > this.#maxBufferBytes) {
        out.push({ type: 'overflow', discardedBytes: this.#buffer.length });
        this.#buffer = [];
        this.#discarding = true;
      }
    }
    return out;
  }

  reset(): void {
    this.#buffer = [];
    this.#discarding = false;
  }

  #frame(out: FramerOutput[]): void {
    // Scanners send ASCII; latin1 maps each byte to one character so nothing throws on noise.
    const text = Buffer.from(this.#buffer).toString('latin1').replace(EDGE_NOISE, '');
    if (text.length === 0) return;
    const { code, symbologyId } = stripAimIdentifier(text);
    const trimmed = code.replace(EDGE_NOISE, '');
    if (trimmed.length === 0) return;
    if (trimmed.length > this.#maxCodeLength) {
      out.push({ type: 'too_long', length: trimmed.length, preview: trimmed.slice(0, 16) });
      return;
    }
    out.push(symbologyId ? { type: 'code', code: trimmed, symbologyId } : { type: 'code', code: trimmed });
  }
}
