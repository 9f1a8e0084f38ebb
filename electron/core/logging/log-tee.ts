import type { LogLevel } from '../../../shared/ipc/diagnostics.js';
import type { Logger } from '../../../shared/logger.js';

/** Something that keeps log lines for the diagnostics window; `fields` already include the child bindings. */
export interface LogSink {
  record(level: LogLevel, fields: Record<string, unknown>, message: string): void;
}

/**
 * A logger that hands every line to the sinks as well as to the real logger, child bindings included,
 * so the in-memory views (recent errors, the log ring) see what pos.log sees.
 */
export function teeLogger(logger: Logger, sinks: readonly LogSink[], bindings: Record<string, unknown> = {}): Logger {
  const line = (level: LogLevel, fields: object, message: string) => {
    const all: Record<string, unknown> = { ...bindings, ...(fields as Record<string, unknown>) };
    for (const sink of sinks) sink.record(level, all, message);
    logger[level](fields, message);
  };
  return {
    debug: (fields, message) => line('debug', fields, message),
    info: (fields, message) => line('info', fields, message),
    warn: (fields, message) => line('warn', fields, message),
    error: (fields, message) => line('error', fields, message),
    child: (childBindings) => teeLogger(logger.child(childBindings), sinks, { ...bindings, ...(childBindings as Record<string, unknown>) }),
  };
}
