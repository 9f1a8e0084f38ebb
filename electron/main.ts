/**
 * Electron shell: composes the station core, opens the windows of its role (cashier, kitchen and
 * customer at the counter; kitchen and customer on a kitchen PC) and carries the IPC contract over
 * Electron IPC. All behaviour lives in the core, which also runs without Electron.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { WindowRole } from '../shared/ipc/contract.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL } from '../shared/ipc/preload-api.js';
import { defaultDataDir, loadStationConfig } from './core/config.js';
import { createElectronTransport } from './core/ipc/electron-transport.js';
import { StationRole, startupWindows } from './core/station-role.js';
import { startStation, type Station } from './core/station.js';

const here = import.meta.dirname;
const rendererDir = process.env.POS_RENDERER_DIR ?? join(here, '..', 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const windowRoles = new Map<number, WindowRole>();
const TITLES: Record<WindowRole, string> = {
  cashier: 'POS — Cashier',
  kitchen: 'POS — Kitchen',
  customer: 'POS — Customer display',
  diagnostics: 'POS — Diagnostics',
};

function openWindow(role: WindowRole): BrowserWindow {
  const window = new BrowserWindow({
    width: role === 'cashier' ? 1280 : 1024,
    height: 800,
    title: TITLES[role],
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
  const transport = createElectronTransport({
    dispatch: station.dispatch,
    roleOf: (id) => windowRoles.get(id),
    trustedUrlPrefix: pathToFileURL(rendererDir).href,
    pushChannel: IPC_PUSH_CHANNEL,
  });
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, command: unknown, args: unknown) => transport.invoke(event, command, args));
  station.onPush((name, payload) =>
    transport.push(
      BrowserWindow.getAllWindows().map((window) => ({
        webContentsId: window.webContents.id,
        send: (channel, pushName, pushPayload) => window.webContents.send(channel, pushName, pushPayload),
      })),
      name,
      payload,
    ),
  );
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = defaultDataDir();
  const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info' });
  const serverUrl = process.env.POS_SERVER_URL;
  const syncToken = process.env.POS_SYNC_TOKEN;
  // `npm start -- --role kitchen` hands its flag over here; it wins over station.json's role.
  const role = process.env.POS_ROLE ? StationRole.parse(process.env.POS_ROLE) : undefined;
  const config = loadStationConfig({
    dataDir,
    ...(process.env.POS_CONFIG ? { configPath: process.env.POS_CONFIG } : {}),
    overrides: {
      ...(serverUrl && syncToken ? { server: { url: serverUrl, token: syncToken } } : {}),
      ...(role ? { role } : {}),
    },
  });
  // `npm start` asked for the demo team, as in browser mode. Never in a packaged app: there a config
  // without staff stops the station (staff-choice.ts) unless it says `{ "demo": true }` itself.
  const demoStaff = !app.isPackaged && process.env.POS_DEMO_STAFF === '1' && config.staff === undefined;
  const station = await startStation({
    config,
    dataDir,
    rendererDir,
    logger,
    ...(demoStaff ? { staff: { demo: true } } : {}),
    // Devices edited in the diagnostics window are saved to the file this station was started from.
    ...(process.env.POS_CONFIG ? { configPath: process.env.POS_CONFIG } : {}),
  });
  wireIpc(station);
  for (const kind of startupWindows(station.windows)) openWindow(kind);
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
