import type { LogLevel, RecentErrorView } from '../../../shared/ipc/diagnostics.js';
import type { LogSink } from './log-tee.js';

/**
 * Keeps the last warnings and errors in memory for the diagnostics screen, so a manager can see
 * "printer unplugged at 12:03" without reading log files. Everything still goes to the real logger.
 */
export class RecentErrors implements LogSink {
  private readonly entries: RecentErrorView[] = [];

  constructor(
    private readonly now: () => number,
    private readonly capacity = 100,
  ) {}

  list(): RecentErrorView[] {
    return [...this.entries].reverse();
  }

  record(level: LogLevel, fields: Record<string, unknown>, message: string): void {
    if (level !== 'warn' && level !== 'error') return;
    const component = typeof fields.component === 'string' ? fields.component : undefined;
    const err = fields.err;
    const detail = err instanceof Error ? err.message : typeof fields.reason === 'string' ? fields.reason : undefined;
    this.entries.push({ at: this.now(), level, message, ...(component ? { component } : {}), ...(detail ? { detail } : {}) });
    if (this.entries.length > this.capacity) this.entries.shift();
  }
}
