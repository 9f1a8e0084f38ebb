import iconv from 'iconv-lite';
import { ListenerSet } from '../../shared/util/listener-set.js';
import { TransportError, type Transport, type TransportCloseReason } from '../transport/transport.js';
import type { PoleDisplayDialectName } from './display-dialects.js';

export interface VirtualPoleDisplayOptions {
  id?: string;
  dialect: PoleDisplayDialectName;
  encoding?: string;
  width?: number;
}

/**
 * A 2×20 VFD emulator that is a Transport: it executes the bytes of its DIP-switched dialect on a
 * character grid, so tests and the diagnostics page see exactly what a customer would.
 */
export class VirtualPoleDisplay implements Transport {
  readonly id: string;
  readonly simulated = true as const;
  readonly dialect: PoleDisplayDialectName;
  readonly #encoding: string;
  readonly #width: number;
  readonly #close = new ListenerSet<TransportCloseReason>();
  readonly #changes = new ListenerSet<readonly [string, string]>();
  #open = false;
  #rows: string[][];
  #x = 0;
  #y = 0;
  #brightness = 4;
  #pending: number[] = [];
  /** CD5220 string mode: which line ESC Q is filling. */
  #stringLine: 0 | 1 | undefined;

  constructor(options: VirtualPoleDisplayOptions) {
    this.id = options.id ?? `virtual:display-${options.dialect}`;
    this.dialect = options.dialect;
    this.#encoding = options.encoding ?? 'cp437';
    this.#width = options.width ?? 20;
    this.#rows = this.#blank();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  get brightness(): number {
    return this.#brightness;
  }

  /** The two lines as the customer sees them. */
  screen(): [string, string] {
    return [this.#rows[0]!.join(''), this.#rows[1]!.join('')];
  }

  onScreenChange(listener: (screen: readonly [string, string]) => void): () => void {
    return this.#changes.add(listener);
  }

  async open(): Promise<void> {
    this.#open = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) throw new TransportError(this.id, { kind: 'closed' });
    this.#pending.push(...bytes);
    if (this.dialect === 'cd5220') this.#runCd5220();
    else this.#runEpson();
    this.#changes.emit(this.screen());
  }

  onData(): () => void {
    // A display never answers.
    return () => {};
  }

  onClose(listener: (reason: TransportCloseReason) => void): () => void {
    return this.#close.add(listener);
  }

  async close(): Promise<void> {
    this.simulateClose({ kind: 'closed' });
  }

  simulateClose(reason: TransportCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.#close.emit(reason);
  }

  #blank(): string[][] {
    return [Array<string>(this.#width).fill(' '), Array<string>(this.#width).fill(' ')];
  }

  #char(byte: number): string {
    return iconv.decode(Buffer.of(byte), this.#encoding);
  }

  #put(byte: number): void {
    if (this.#x >= this.#width) {
      this.#x = 0;
      this.#y = (this.#y + 1) % 2;
    }
    this.#rows[this.#y]![this.#x] = this.#char(byte);
    this.#x += 1;
  }

  /** Takes `n` bytes once available; undefined means wait for more input. */
  #take(n: number): number[] | undefined {
    return this.#pending.length >= n ? this.#pending.splice(0, n) : undefined;
  }

  #runEpson(): void {
    for (;;) {
      const b = this.#pending[0];
      if (b === undefined) return;
      if (b >= 0x20) {
        this.#pending.shift();
        this.#put(b);
        continue;
      }
      if (b === 0x0c) {
        this.#pending.shift();
        this.#rows = this.#blank();
        this.#x = 0;
        this.#y = 0;
      } else if (b === 0x0b) {
        this.#pending.shift();
        this.#x = 0;
        this.#y = 0;
      } else if (b === 0x0d) {
        this.#pending.shift();
        this.#x = 0;
      } else if (b === 0x0a) {
        this.#pending.shift();
        this.#y = (this.#y + 1) % 2;
      } else if (b === 0x18) {
        this.#pending.shift();
        this.#rows[this.#y] = Array<string>(this.#width).fill(' ');
        this.#x = 0;
      } else if (b === 0x1b) {
        const op = this.#pending[1];
        if (op === undefined) return;
        if (op === 0x40) {
          this.#take(2);
          this.#rows = this.#blank();
          this.#x = 0;
          this.#y = 0;
        } else if (!this.#take(3)) return;
      } else if (b === 0x1f) {
        const op = this.#pending[1];
        if (op === undefined) return;
        if (op === 0x24) {
          const cmd = this.#take(4);
          if (!cmd) return;
          this.#x = Math.min(this.#width, Math.max(1, cmd[2] ?? 1)) - 1;
          this.#y = Math.min(2, Math.max(1, cmd[3] ?? 1)) - 1;
        } else if (op === 0x58) {
          const cmd = this.#take(3);
          if (!cmd) return;
          this.#brightness = cmd[2] ?? 4;
        } else if (op === 0x43 || op === 0x45 || op === 0x72) {
          if (!this.#take(3)) return;
        } else this.#take(2);
      } else this.#pending.shift();
    }
  }

  #runCd5220(): void {
    for (;;) {
      const b = this.#pending[0];
      if (b === undefined) return;
      if (this.#stringLine !== undefined) {
        this.#pending.shift();
        if (b === 0x0d) {
          this.#stringLine = undefined;
          continue;
        }
        if (b === 0x0c) {
          this.#stringLine = undefined;
          this.#rows = this.#blank();
          continue;
        }
        if (b >= 0x20 && this.#x < this.#width) this.#rows[this.#stringLine]![this.#x++] = this.#char(b);
        continue;
      }
      if (b >= 0x20) {
        this.#pending.shift();
        this.#put(b);
        continue;
      }
      if (b === 0x0c) {
        this.#pending.shift();
        this.#rows = this.#blank();
        this.#x = 0;
        this.#y = 0;
      } else if (b === 0x0d) {
        this.#pending.shift();
        this.#x = 0;
      } else if (b === 0x0a) {
        this.#pending.shift();
        this.#y = (this.#y + 1) % 2;
      } else if (b === 0x1b) {
        const op = this.#pending[1];
        if (op === undefined) return;
        if (op === 0x51) {
          const cmd = this.#take(3);
          if (!cmd) return;
          // ESC Q A / ESC Q B: replace the whole line.
          const line = cmd[2] === 0x42 ? 1 : 0;
          this.#rows[line] = Array<string>(this.#width).fill(' ');
          this.#stringLine = line;
          this.#x = 0;
        } else if (op === 0x40) {
          this.#take(2);
          this.#rows = this.#blank();
          this.#x = 0;
          this.#y = 0;
        } else if (op === 0x2a) {
          const cmd = this.#take(3);
          if (!cmd) return;
          this.#brightness = cmd[2] ?? 4;
        } else if (op === 0x6c) {
          const cmd = this.#take(4);
          if (!cmd) return;
          this.#x = Math.min(this.#width, Math.max(1, cmd[2] ?? 1)) - 1;
          this.#y = Math.min(2, Math.max(1, cmd[3] ?? 1)) - 1;
        } else if (op === 0x11 || op === 0x12 || op === 0x13) this.#take(2);
        else if (!this.#take(3)) return;
      } else this.#pending.shift();
    }
  }
}
