import type { LogLevel, LogLineView } from '../../../shared/ipc/diagnostics.js';
import type { LogSink } from './log-tee.js';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Field values longer than this are cut: the ring is for reading on a screen, the log file has it all. */
const MAX_FIELD_CHARS = 300;

export interface LogQuery {
  /** The lowest level returned. */
  minLevel?: LogLevel;
  orderId?: string;
  limit?: number;
}

function printable(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The station's last structured log lines in memory, for the diagnostics window's log view: a manager
 * filters by level or order id on the till itself instead of opening pos.log. Lines below `minLevel`
 * are not kept (debug would push out the lines that matter). Everything still goes to the real logger.
 */
export class LogRing implements LogSink {
  readonly #lines: LogLineView[] = [];
  #seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly capacity = 1_000,
    private readonly minLevel: LogLevel = 'info',
  ) {}

  query({ minLevel = 'debug', orderId, limit = 200 }: LogQuery = {}): LogLineView[] {
    const result: LogLineView[] = [];
    for (let i = this.#lines.length - 1; i >= 0 && result.length < limit; i--) {
      const line = this.#lines[i]!;
      if (RANK[line.level] < RANK[minLevel]) continue;
      if (orderId !== undefined && line.orderId !== orderId) continue;
      result.push(line);
    }
    return result;
  }

  record(level: LogLevel, fields: Record<string, unknown>, message: string): void {
    if (RANK[level] < RANK[this.minLevel]) return;
    const { component, orderId, ...rest } = fields;
    const shown: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      const text = printable(value);
      shown[key] = text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)}…` : text;
    }
    this.#lines.push({
      seq: ++this.#seq,
      at: this.now(),
      level,
      message,
      ...(typeof component === 'string' ? { component } : {}),
      ...(typeof orderId === 'string' ? { orderId } : {}),
      fields: shown,
    });
    if (this.#lines.length > this.capacity) this.#lines.splice(0, this.#lines.length - this.capacity);
  }
}
