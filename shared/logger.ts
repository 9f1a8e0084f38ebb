/**
 * The logging surface every layer accepts. pino's logger satisfies it; tests pass a silent one.
 * Fields carry correlation ids (orderId, eventId, jobId, deviceId); messages stay constant strings.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): Logger;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
