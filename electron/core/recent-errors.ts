import type { RecentErrorView } from '../../shared/ipc/diagnostics.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Keeps the last warnings and errors in memory for the diagnostics screen, so a manager can see
 * "printer unplugged at 12:03" without reading log files. Everything still goes to the real logger.
 */
export class RecentErrors {
  private readonly entries: RecentErrorView[] = [];

  constructor(
    private readonly now: () => number,
    private readonly capacity = 100,
  ) {}

  list(): RecentErrorView[] {
    return [...this.entries].reverse();
  }

  wrap(logger: Logger, bindings: Record<string, unknown> = {}): Logger {
    const record = (level: 'warn' | 'error', fields: object, message: string) => {
      const all: Record<string, unknown> = { ...bindings, ...(fields as Record<string, unknown>) };
      const component = typeof all.component === 'string' ? all.component : undefined;
      const err = all.err;
      const detail = err instanceof Error ? err.message : typeof all.reason === 'string' ? all.reason : undefined;
      this.entries.push({ at: this.now(), level, message, ...(component ? { component } : {}), ...(detail ? { detail } : {}) });
      if (this.entries.length > this.capacity) this.entries.shift();
    };
    return {
      debug: (fields, message) => logger.debug(fields, message),
      info: (fields, message) => logger.info(fields, message),
      warn: (fields, message) => {
        record('warn', fields, message);
        logger.warn(fields, message);
      },
      error: (fields, message) => {
        record('error', fields, message);
        logger.error(fields, message);
      },
      child: (childBindings) => this.wrap(logger.child(childBindings), { ...bindings, ...(childBindings as Record<string, unknown>) }),
    };
  }
}
