import type { Logger } from '../../shared/logger.js';

/** The part of electron-updater's autoUpdater the shell uses (a test passes an EventEmitter double). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

export interface AutoUpdateInput {
  /** `shell.autoUpdate` from station.json. */
  enabled: boolean;
  /** app.isPackaged: a development run has no update feed and must never replace itself. */
  packaged: boolean;
  loadUpdater(): Promise<UpdaterLike>;
  /** Tells the person at the station (a system notification) that an update waits for the next quit. */
  notify(version: string): void;
  logger: Logger;
  /** How often to look again while the station runs. */
  intervalMs?: number;
  setInterval?: (run: () => void, ms: number) => { unref?(): void };
}

export type AutoUpdateState = 'off-development' | 'off-config' | 'on';

/**
 * Auto-update through electron-updater's generic provider (the feed URL is baked into the package's
 * app-update.yml at packaging time): check on start and every few hours, download in the background,
 * install when the station quits, never mid-shift. A failed check is logged and retried, never fatal.
 */
export async function startAutoUpdate(input: AutoUpdateInput): Promise<AutoUpdateState> {
  if (!input.packaged) return 'off-development';
  if (!input.enabled) return 'off-config';
  const updater = await input.loadUpdater();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('update-downloaded', ({ version }) => {
    input.logger.info({ version }, 'update downloaded; it installs when the station quits');
    input.notify(version);
  });
  updater.on('error', (error) => input.logger.warn({ err: error.message }, 'update check failed'));
  const check = () => {
    updater.checkForUpdates().catch((error: unknown) => input.logger.warn({ err: String(error) }, 'update check failed'));
  };
  check();
  const timer = (input.setInterval ?? setInterval)(check, input.intervalMs ?? 4 * 60 * 60_000);
  timer.unref?.();
  return 'on';
}
