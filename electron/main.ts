/**
 * Electron shell: composes the station core, opens the cashier and kitchen windows and carries the
 * IPC contract over Electron IPC. All behaviour lives in the core, which also runs without Electron.
 */
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { pushEvents, type WindowRole } from '../shared/ipc/contract.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL } from '../shared/ipc/preload-api.js';
import { defaultDataDir, loadStationConfig } from './core/config.js';
import { startStation, type Station } from './core/station.js';

const here = import.meta.dirname;
const rendererDir = process.env.POS_RENDERER_DIR ?? join(here, '..', 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const windowRoles = new Map<number, WindowRole>();
let requestCounter = 0;

function isTrustedFrame(frame: WebFrameMain | null): boolean {
  // Only our own bundled page may call the core; a navigated-away or injected frame may not.
  return !!frame && frame.url.startsWith(pathToFileURL(rendererDir).href);
}

function openWindow(role: WindowRole): BrowserWindow {
  const window = new BrowserWindow({
    width: role === 'cashier' ? 1280 : 1024,
    height: 800,
    title: role === 'cashier' ? 'POS — Cashier' : 'POS — Kitchen',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(here, 'preload.cjs'),
    },
  });
  windowRoles.set(window.webContents.id, role);
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.on('closed', () => windowRoles.delete(window.webContents.id));
  void window.loadFile(rendererIndex, { hash: `window=${role}` });
  return window;
}

function wireIpc(station: Station): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event: IpcMainInvokeEvent, command: unknown, args: unknown) => {
    const role = windowRoles.get(event.sender.id);
    if (!role || !isTrustedFrame(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'This window may not call the station' } };
    }
    return station.dispatch(role, String(command), args, `ipc-${++requestCounter}`);
  });
  station.onPush((name, payload) => {
    const roles: readonly WindowRole[] = pushEvents[name].roles;
    for (const window of BrowserWindow.getAllWindows()) {
      const role = windowRoles.get(window.webContents.id);
      if (role && roles.includes(role)) window.webContents.send(IPC_PUSH_CHANNEL, name, payload);
    }
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = defaultDataDir();
  const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info' });
  const serverUrl = process.env.POS_SERVER_URL;
  const syncToken = process.env.POS_SYNC_TOKEN;
  const config = loadStationConfig({
    dataDir,
    ...(process.env.POS_CONFIG ? { configPath: process.env.POS_CONFIG } : {}),
    overrides: serverUrl && syncToken ? { server: { url: serverUrl, token: syncToken } } : {},
  });
  const station = await startStation({ config, dataDir, rendererDir, logger });
  wireIpc(station);
  openWindow('cashier');
  openWindow('kitchen');
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    // Hold the quit until the core has closed its database and devices, then quit for real.
    event.preventDefault();
    void station
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'station stop failed'))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
