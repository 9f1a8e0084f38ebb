/**
 * Electron main process entry (bundled as dist/electron/main.js). Everything it does is in
 * shell/shell.ts, which a test drives with an Electron double; the station core runs in a utility
 * process (shell/core-entry.ts) and also runs without Electron.
 */
import * as electron from 'electron';
import pino from 'pino';
import { runShell } from './shell/shell.js';
import type { UpdaterLike } from './shell/auto-update.js';

const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info', base: { process: 'main' } });

async function loadUpdater(): Promise<UpdaterLike> {
  // Loaded only in a packaged app with updates on: electron-updater reads the app's app-update.yml.
  const { default: updater } = await import('electron-updater');
  return updater.autoUpdater;
}

runShell({ electron, here: import.meta.dirname, env: process.env, platform: process.platform, logger, loadUpdater }).catch(
  (error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'shell failed');
    electron.app.exit(1);
  },
);
