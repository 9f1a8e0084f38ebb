import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is calling, for code deep under a handler that must not have it threaded through every
 * signature: the approval gate inside an order's write transaction counts a wrong manager PIN
 * against the window that typed it.
 */
const scope = new AsyncLocalStorage<string>();

/** The caller of anything not reached through `dispatch` (start-up, timers, tests calling services). */
export const STATION_CALLER = 'station';

export function runAsCaller<T>(client: string, task: () => T): T {
  return scope.run(client, task);
}

/** The client key of the command being handled (see `clientKey`), or the station itself. */
export function currentCaller(): string {
  return scope.getStore() ?? STATION_CALLER;
}
