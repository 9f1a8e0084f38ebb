import { join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { loadStationConfig } from '../core/config.js';
import { startupWindows } from '../core/station-role.js';
import { startStation, type Station, type StationOptions } from '../core/station.js';
import { MainToCore, type CoreToMain, type StartOptions } from './core-protocol.js';

/** What the core needs of Electron's `process.parentPort` (a test passes an in-memory double). */
export interface ParentPortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreHostOptions {
  port: ParentPortLike;
  logger: Logger;
  /** Ends the process once the core has stopped (process.exit in the utility process). */
  exit: (code: number) => void;
  /** Extra station options (tests: a manual clock, manual sync). */
  stationOptions?: Partial<Omit<StationOptions, 'config' | 'dataDir' | 'rendererDir' | 'logger'>>;
}

/**
 * The station core inside Electron's utility process: started by the main process with one `start`
 * message, it answers `call`s with the contract's dispatch and sends every push back. SQLite, folding,
 * devices and sync run here, so a long write never stalls a window's input (main only forwards).
 */
export function runCoreHost({ port, logger, exit, stationOptions = {} }: CoreHostOptions): void {
  let station: Station | undefined;
  let state: 'idle' | 'starting' | 'running' | 'stopping' = 'idle';
  const send = (message: CoreToMain) => port.postMessage(message);

  const start = async (options: StartOptions) => {
    state = 'starting';
    try {
      const config = loadStationConfig({
        dataDir: options.dataDir,
        ...(options.configPath ? { configPath: options.configPath } : {}),
        overrides: { ...(options.server ? { server: options.server } : {}), ...(options.role ? { role: options.role } : {}) },
      });
      const demoStaff = options.demoStaff && config.staff === undefined;
      station = await startStation({
        ...stationOptions,
        config,
        dataDir: options.dataDir,
        rendererDir: options.rendererDir,
        logger,
        ...(demoStaff ? { staff: { demo: true } } : {}),
        // Devices edited in the diagnostics window are saved to the file this station was started from.
        ...(options.configPath ? { configPath: options.configPath } : {}),
      });
      station.onPush((name, payload) => send({ t: 'push', name, payload }));
      state = 'running';
      send({
        t: 'ready',
        stationId: station.stationId,
        windows: [...station.windows],
        open: startupWindows(station.windows),
        shell: config.shell,
      });
    } catch (error) {
      // A bad station.json or a database that cannot open: main shows this and quits, nothing half-runs.
      state = 'idle';
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, 'station core failed to start');
      send({ t: 'failed', message });
    }
  };

  const stop = async () => {
    state = 'stopping';
    try {
      await station?.stop();
    } catch (error) {
      logger.error({ err: error }, 'station stop failed');
    }
    send({ t: 'stopped' });
    exit(0);
  };

  port.on('message', ({ data }) => {
    const parsed = MainToCore.safeParse(data);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'core host ignored a malformed message');
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'start':
        if (state !== 'idle') {
          logger.warn({ state }, 'core host ignored a second start');
          return;
        }
        void start(message.options);
        return;
      case 'call': {
        const running = station;
        if (state !== 'running' || !running) {
          send({
            t: 'result',
            id: message.id,
            result: { ok: false, error: { code: 'unavailable', message: 'The station core is not running' } },
          });
          return;
        }
        // dispatch never throws (it answers errors as results), but a rejected promise must not lose the call.
        running.dispatch(message.role, message.command, message.args, message.requestId).then(
          (result) => send({ t: 'result', id: message.id, result }),
          (error: unknown) => {
            logger.error({ err: error, command: message.command }, 'dispatch rejected');
            send({ t: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: 'The station failed' } } });
          },
        );
        return;
      }
      case 'stop':
        if (state === 'stopping') return;
        void stop();
        return;
    }
  });
}

/** The core's log file, next to browser mode's: one place to look whichever way the station ran. */
export function coreLogPath(dataDir: string): string {
  return join(dataDir, 'logs', 'pos.log');
}
