import { silentLogger, type Logger } from '../../shared/logger.js';
import type { Transport } from '../transport/transport.js';
import { poleDisplayDialect, type PoleDisplayDialect, type PoleDisplayDialectName } from './display-dialects.js';
import { changeFrame, idleFrame, lineAndTotalFrame, type DisplayFrame, type LineAndTotal } from './display-frames.js';
import { encodeDisplayText, fit, transliterate } from './display-text.js';

export interface PoleDisplayOptions {
  id: string;
  transport: Transport;
  dialect: PoleDisplayDialectName;
  /** The display's character table as an iconv name; CP437 is the power-on table of most VFDs. */
  encoding?: string;
  /** ESC t n to select `encoding` on an Epson DM-D display (omit to keep its power-on table). */
  codeTable?: number;
  width?: number;
  brightness?: 1 | 2 | 3 | 4;
  logger?: Logger;
}

/**
 * A 2×20 customer display. Updates are last-value-wins: while one frame is being written, newer frames
 * replace each other and only the latest is sent, so a burst of scans never queues stale totals. The
 * last frame is redrawn after a reconnect (call `redraw` from the link supervisor).
 */
export class PoleDisplay {
  readonly id: string;
  readonly #transport: Transport;
  readonly #dialect: PoleDisplayDialect;
  readonly #encoding: string;
  readonly #codeTable: number | undefined;
  readonly #width: number;
  readonly #log: Logger;
  #brightness: 1 | 2 | 3 | 4;
  #shown: DisplayFrame | undefined;
  #pending: DisplayFrame | undefined;
  #writing: Promise<void> | undefined;

  constructor(options: PoleDisplayOptions) {
    this.id = options.id;
    this.#transport = options.transport;
    this.#dialect = poleDisplayDialect(options.dialect);
    this.#encoding = options.encoding ?? 'cp437';
    this.#codeTable = options.codeTable;
    this.#width = options.width ?? 20;
    this.#brightness = options.brightness ?? 4;
    this.#log = (options.logger ?? silentLogger).child({ deviceId: this.id });
  }

  /** What the customer sees (or will, once the display is reachable). */
  get frame(): DisplayFrame | undefined {
    return this.#pending ?? this.#shown;
  }

  /** The exact text lines sent: transliterated to the display's characters and fitted to its width. */
  render(frame: DisplayFrame): DisplayFrame {
    return [fit(transliterate(frame[0], this.#encoding), this.#width), fit(transliterate(frame[1], this.#encoding), this.#width)];
  }

  /** Initialises the display and redraws the last frame; run after every (re)connect. */
  async redraw(): Promise<void> {
    const init = [this.#dialect.initialize(this.#codeTable), this.#dialect.brightness(this.#brightness)];
    await this.#transport.write(Buffer.concat(init));
    const frame = this.#pending ?? this.#shown;
    if (frame) await this.#write(frame);
  }

  show(frame: DisplayFrame): Promise<void> {
    this.#pending = frame;
    this.#writing ??= this.#drain().finally(() => {
      this.#writing = undefined;
    });
    return this.#writing;
  }

  /** The line just rung up and the running total. */
  showLineAndTotal(view: LineAndTotal): Promise<void> {
    return this.show(lineAndTotalFrame(view, { width: this.#width, encoding: this.#encoding }));
  }

  showChange(view: { paidMinor: number; changeMinor: number; currency: string }): Promise<void> {
    return this.show(changeFrame(view, { width: this.#width, encoding: this.#encoding }));
  }

  showIdle(storeName: string, message?: string): Promise<void> {
    return this.show(idleFrame(storeName, message, { width: this.#width, encoding: this.#encoding }));
  }

  async clear(): Promise<void> {
    await this.show(['', '']);
  }

  async setBrightness(level: 1 | 2 | 3 | 4): Promise<void> {
    this.#brightness = level;
    if (!this.#transport.isOpen) return;
    const parts = this.#dialect.brightnessNeedsClear
      ? [this.#dialect.clear(), this.#dialect.brightness(level)]
      : [this.#dialect.brightness(level)];
    await this.#transport.write(Buffer.concat(parts));
    if (this.#dialect.brightnessNeedsClear && this.#shown) await this.#write(this.#shown);
  }

  async #drain(): Promise<void> {
    while (this.#pending) {
      const frame = this.#pending;
      this.#pending = undefined;
      if (!this.#transport.isOpen) {
        // Keep it for redraw() after the supervisor reconnects.
        this.#pending = frame;
        return;
      }
      try {
        await this.#write(frame);
      } catch (error) {
        this.#pending ??= frame;
        this.#log.warn({ err: String(error) }, 'customer display update failed');
        return;
      }
    }
  }

  async #write(frame: DisplayFrame): Promise<void> {
    const [upper, lower] = this.render(frame);
    await this.#transport.write(
      this.#dialect.writeLines(encodeDisplayText(upper, this.#encoding), encodeDisplayText(lower, this.#encoding)),
    );
    this.#shown = frame;
  }
}
