import type * as ElectronModule from 'electron';
import type { BrowserWindow as BrowserWindowType } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { WindowRole } from '../../shared/ipc/contract.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL } from '../../shared/ipc/preload-api.js';
import type { Logger } from '../../shared/logger.js';
import { defaultDataDir } from '../core/config.js';
import { createElectronTransport } from '../core/ipc/electron-transport.js';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, appUrl, createAppProtocolHandler } from './app-protocol.js';
import { startAutoUpdate, type UpdaterLike } from './auto-update.js';
import { connectCore, type CoreReady } from './core-client.js';
import type { StartOptions } from './core-protocol.js';
import { hardenContents, hardenSession } from './harden.js';
import { applyStartAtLogin } from './login-item.js';
import { windowOptions } from './window-options.js';

export type ElectronApi = Pick<
  typeof ElectronModule,
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Notification' | 'protocol' | 'session' | 'utilityProcess'
>;

export interface ShellInput {
  electron: ElectronApi;
  /** The directory of the bundled main.js: preload.cjs and core.js sit next to it. */
  here: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  logger: Logger;
  loadUpdater: () => Promise<UpdaterLike>;
}

/** What `npm start` hands over in the environment; a packaged app runs on its defaults. */
function startOptions(env: NodeJS.ProcessEnv, rendererDir: string, packaged: boolean): StartOptions {
  const role = env.POS_ROLE === 'counter' || env.POS_ROLE === 'kitchen' ? env.POS_ROLE : undefined;
  return {
    dataDir: defaultDataDir(env),
    rendererDir,
    // `npm start` asked for the demo team, as in browser mode. Never in a packaged app: there a config
    // without staff stops the station (staff-choice.ts) unless it says `{ "demo": true }` itself.
    demoStaff: !packaged && env.POS_DEMO_STAFF === '1',
    ...(env.POS_CONFIG ? { configPath: env.POS_CONFIG } : {}),
    ...(role ? { role } : {}),
    ...(env.POS_SERVER_URL && env.POS_SYNC_TOKEN ? { server: { url: env.POS_SERVER_URL, token: env.POS_SYNC_TOKEN } } : {}),
  };
}

/**
 * The Electron main process: owns the windows and nothing else. The station core runs in a
 * utility process; main forwards the IPC contract to it after checking which window is asking.
 * Resolves once the windows are open (or the app has decided to quit).
 */
export async function runShell({ electron, here, env, platform, logger, loadUpdater }: ShellInput): Promise<void> {
  const { app, BrowserWindow, dialog, ipcMain, Notification, protocol, session, utilityProcess } = electron;
  // Both must happen before `ready`: the scheme's privileges and the sandbox for every renderer.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    // A second start (a double click on the launcher) shows the running station instead of a second core on the same database.
    logger.info({}, 'another instance is running; handing over to it');
    app.quit();
    return;
  }
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, logger));

  const windows = new Map<number, { role: WindowRole; window: BrowserWindowType }>();
  app.on('second-instance', () => {
    const first = [...windows.values()][0]?.window;
    if (!first) return;
    if (first.isMinimized()) first.restore();
    first.focus();
  });

  await app.whenReady();
  const rendererDir = env.POS_RENDERER_DIR ?? join(here, '..', 'renderer');
  hardenSession(session.defaultSession, logger);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const options = startOptions(env, rendererDir, app.isPackaged);
  const child = utilityProcess.fork(join(here, 'core.js'), [], {
    serviceName: 'POS station core',
    stdio: 'inherit',
    env: { ...env, POS_DATA_DIR: options.dataDir },
  });
  const core = connectCore(child, logger);
  let ready: CoreReady;
  try {
    ready = await core.start(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: message }, 'station core did not start');
    dialog.showErrorBox('POS Station could not start', message);
    app.exit(1);
    return;
  }

  let quitting = false;
  core.onExit((code) => {
    if (quitting) return;
    // The core died under running windows: start the whole app again (crash recovery replays the
    // database) rather than leave windows that cannot sell.
    logger.error({ code }, 'station core exited; relaunching');
    app.relaunch();
    app.exit(1);
  });

  const transport = createElectronTransport({
    dispatch: core.dispatch,
    roleOf: (id) => windows.get(id)?.role,
    trustedUrlPrefix: `${APP_ORIGIN}/`,
    pushChannel: IPC_PUSH_CHANNEL,
  });
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, command: unknown, args: unknown) => transport.invoke(event, command, args));
  core.onPush((name, payload) =>
    transport.push(
      [...windows.entries()].map(([webContentsId, { window }]) => ({
        webContentsId,
        send: (channel, pushName, pushPayload) => {
          // A window being closed is still in the map until 'closed'; sending to it would throw.
          if (!window.isDestroyed()) window.webContents.send(channel, pushName, pushPayload);
        },
      })),
      name,
      payload,
    ),
  );

  const preloadPath = join(here, 'preload.cjs');
  for (const role of ready.open) {
    const window = new BrowserWindow(windowOptions({ role, shell: ready.shell, preloadPath, devTools: !app.isPackaged }));
    const id = window.webContents.id;
    windows.set(id, { role, window });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => windows.delete(id));
    void window.loadURL(appUrl('index.html', `window=${role}`));
  }

  try {
    applyStartAtLogin({
      enabled: ready.shell.startAtLogin,
      platform,
      app,
      executable: env.APPIMAGE ?? process.execPath,
      configHome: env.XDG_CONFIG_HOME ?? join(homedir(), '.config'),
    });
  } catch (error) {
    logger.warn({ err: String(error) }, 'start at login could not be set');
  }
  const updates = await startAutoUpdate({
    enabled: ready.shell.autoUpdate,
    packaged: app.isPackaged,
    loadUpdater,
    notify: (version) => {
      if (Notification.isSupported())
        new Notification({ title: 'POS Station update ready', body: `Version ${version} installs when the station is closed.` }).show();
    },
    logger,
  });
  logger.info({ updates, windows: ready.open }, 'shell started');

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Hold the quit until the core has closed its database and devices, then quit for real.
    quitting = true;
    event.preventDefault();
    void core.stop().finally(() => app.quit());
  });
}
