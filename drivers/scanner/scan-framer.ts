import { stripAimIdentifier } from './aim.js';

export type FramerOutput =
  | { type: 'code'; code: string; symbologyId?: string }
  | { type: 'too_long'; length: number; preview: string }
  | { type: 'overflow'; discardedBytes: number }
  /** A frame that never got its terminator in time (line noise, a scanner unplugged mid-code). */
  | { type: 'partial_dropped'; discardedBytes: number };

/** What the scanner is programmed to send after each code. "crlf" accepts CR, LF or both. */
export type ScanSuffix = 'cr' | 'lf' | 'crlf' | 'tab';

export interface ScanFramerOptions {
  suffix?: ScanSuffix;
  /** Drop a partial frame when the next byte comes this much later (needs `now` in push). */
  partialTimeoutMs?: number;
  /** Longest code accepted; longer frames are line noise or a misconfigured scanner. */
  maxCodeLength?: number;
  /** Bytes held without a terminator before the partial frame is thrown away. */
  maxBufferBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const HT = 0x09;

const TERMINATORS: Readonly<Record<ScanSuffix, readonly number[]>> = { cr: [CR], lf: [LF], crlf: [CR, LF], tab: [HT] };
const EDGE_NOISE = /^[\s\u0000-\u001f\u007f]+|[\s\u0000-\u001f\u007f]+$/g;

/**
 * Splits a serial scanner's byte stream into codes. With the default "crlf" suffix a frame ends at CR
 * or LF (so CRLF yields one code and an ignored empty frame); chunks may split anywhere, including
 * between CR and LF. Control characters around a code (STX prefixes, a stray CR) are noise.
 */
export class ScanFramer {
  readonly #maxCodeLength: number;
  readonly #maxBufferBytes: number;
  readonly #terminators: ReadonlySet<number>;
  readonly #partialTimeoutMs: number | undefined;
  #buffer: number[] = [];
  #lastByteAt: number | undefined;
  /** After an overflow, the rest of that frame is garbage too: skip to the next terminator. */
  #discarding = false;

  constructor(options: ScanFramerOptions = {}) {
    this.#maxCodeLength = options.maxCodeLength ?? 64;
    this.#maxBufferBytes = options.maxBufferBytes ?? 256;
    this.#terminators = new Set(TERMINATORS[options.suffix ?? 'crlf']);
    this.#partialTimeoutMs = options.partialTimeoutMs;
  }

  /** `now` (ms) lets a stale partial frame be dropped instead of glued to the next scan. */
  push(chunk: Uint8Array, now?: number): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (now !== undefined && chunk.length > 0) {
      const last = this.#lastByteAt;
      if (this.#partialTimeoutMs !== undefined && last !== undefined && now - last > this.#partialTimeoutMs && this.#buffer.length > 0) {
        out.push({ type: 'partial_dropped', discardedBytes: this.#buffer.length });
        this.#buffer = [];
        this.#discarding = false;
      }
      this.#lastByteAt = now;
    }
    for (const byte of chunk) {
      if (this.#terminators.has(byte)) {
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
    this.#lastByteAt = undefined;
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
