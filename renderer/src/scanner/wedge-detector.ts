/**
 * Keyboard-wedge barcode scanners type the code as keystrokes, far faster and more evenly than a person,
 * then press a suffix key (Enter or Tab). This classifier sees each keystroke with its time and decides
 * when a suffix key ends a scan. Pure: no DOM, an injectable clock, so it is tested with synthetic timings.
 */

export interface WedgeKeystroke {
  /** KeyboardEvent.key: "5", "A", "Enter", "Shift", ... */
  key: string;
  /** KeyboardEvent.timeStamp (ms); the detector's clock is used when absent. */
  timeStamp?: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export interface WedgeOptions {
  /** Shortest code that counts as a scan (EAN-8 is 8; onScan.js uses 6). */
  minLength?: number;
  /** Average time per character of a scan, including the suffix key (onScan.js: 30 ms). */
  maxAverageMs?: number;
  /** Longest single pause inside a scan; a longer one restarts the burst (use-scan-detection: 50 ms). */
  maxGapMs?: number;
  suffixKeys?: readonly string[];
  clock?: { now: () => number };
}

export type WedgeDecision =
  /** A character of a possible scan: let the keystroke through (it may be typing). */
  | { kind: 'char' }
  /** The suffix key completed a scan: swallow the suffix and remove `code.length` typed characters. */
  | { kind: 'scan'; code: string; durationMs: number }
  /** A suffix key after ordinary typing: a person pressed Enter. */
  | { kind: 'typed' }
  /** Modifiers and navigation keys: not part of any scan. */
  | { kind: 'ignored' };

interface Stroke {
  char: string;
  at: number;
}

export class WedgeScanDetector {
  readonly #minLength: number;
  readonly #maxAverageMs: number;
  readonly #maxGapMs: number;
  readonly #suffixKeys: ReadonlySet<string>;
  readonly #clock: { now: () => number };
  #burst: Stroke[] = [];

  constructor(options: WedgeOptions = {}) {
    this.#minLength = options.minLength ?? 6;
    this.#maxAverageMs = options.maxAverageMs ?? 30;
    this.#maxGapMs = options.maxGapMs ?? 50;
    this.#suffixKeys = new Set(options.suffixKeys ?? ['Enter', 'Tab']);
    this.#clock = options.clock ?? { now: () => Date.now() };
  }

  handle(stroke: WedgeKeystroke): WedgeDecision {
    const at = stroke.timeStamp ?? this.#clock.now();
    if (stroke.ctrlKey || stroke.altKey || stroke.metaKey) {
      // Shortcuts are a person at the keyboard.
      this.reset();
      return { kind: 'ignored' };
    }
    if (this.#suffixKeys.has(stroke.key)) return this.#finish(at);
    if (stroke.key.length !== 1) {
      // Shift is pressed by scanners for capitals; other keys (Backspace, arrows) end any burst.
      if (stroke.key !== 'Shift') this.reset();
      return { kind: 'ignored' };
    }
    const last = this.#burst[this.#burst.length - 1];
    if (last && at - last.at > this.#maxGapMs) this.#burst = [];
    this.#burst.push({ char: stroke.key, at });
    return { kind: 'char' };
  }

  reset(): void {
    this.#burst = [];
  }

  #finish(at: number): WedgeDecision {
    const burst = this.#burst;
    this.#burst = [];
    const first = burst[0];
    const last = burst[burst.length - 1];
    if (!first || !last || burst.length < this.#minLength) return { kind: 'typed' };
    if (at - last.at > this.#maxGapMs) return { kind: 'typed' };
    const durationMs = at - first.at;
    // Keystrokes = characters + suffix, so there are burst.length intervals.
    if (durationMs / burst.length > this.#maxAverageMs) return { kind: 'typed' };
    return { kind: 'scan', code: burst.map((s) => s.char).join(''), durationMs };
  }
}
