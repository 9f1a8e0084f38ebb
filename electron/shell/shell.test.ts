import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { IPC_INVOKE_CHANNEL } from '../../shared/ipc/preload-api.js';
import { silentLogger } from '../../shared/logger.js';
import type { OrderView } from '../../shared/order-view.js';
import { tempDir } from '../core/testing/fixtures.js';
import type { UpdaterLike } from './auto-update.js';
import { runCoreHost } from './core-host.js';
import { runShell, type ElectronApi } from './shell.js';
import { SIGN_IN_DISABLED } from '../core/staff/staff-config.js';

type Listener = (...args: never[]) => unknown;

/** The parts of Electron the shell uses, recording what it was told; the core behind `fork` is real. */
function electronDouble(options: { lock?: boolean; dataDir: string }) {
  const calls: string[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    exited: [] as number[],
    loginItems: [] as unknown[],
    quits: 0,
    relaunched: 0,
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), options.lock ?? true),
    whenReady: async () => {
      calls.push('whenReady');
    },
    quit() {
      app.quits++;
      // Electron emits before-quit; a handler may hold it with preventDefault.
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) calls.push('quit');
    },
    exit: (code: number) => app.exited.push(code),
    relaunch: () => app.relaunched++,
    setLoginItemSettings: (settings: unknown) => app.loginItems.push(settings),
  });
  const sessionHandlers: Record<string, Listener> = {};
  const defaultSession = Object.assign(new EventEmitter(), {
    setPermissionRequestHandler: (handler: Listener) => (sessionHandlers.request = handler),
    setPermissionCheckHandler: (handler: Listener) => (sessionHandlers.check = handler),
    setDevicePermissionHandler: (handler: Listener) => (sessionHandlers.device = handler),
  });
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const privileged: unknown[] = [];
  const ipcHandlers = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  let nextId = 1;
  class FakeWindow extends EventEmitter {
    readonly webContents: EventEmitter & { id: number; sent: unknown[][]; send: (...args: unknown[]) => void };
    url = '';
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const sent: unknown[][] = [];
      this.webContents = Object.assign(new EventEmitter(), { id: nextId++, sent, send: (...args: unknown[]) => sent.push(args) });
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      this.emit('ready-to-show');
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    isMinimized = () => false;
    isDestroyed = () => false;
    restore() {}
    focus() {}
  }
  const forks: { path: string; options: { env: NodeJS.ProcessEnv } }[] = [];
  const coreExits: number[] = [];
  const utilityProcess = {
    fork(path: string, _args: string[], forkOptions: { env: NodeJS.ProcessEnv }) {
      forks.push({ path, options: forkOptions });
      const child = new EventEmitter();
      const hostListeners: ((message: { data: unknown }) => void)[] = [];
      runCoreHost({
        port: {
          on: (_event, listener) => hostListeners.push(listener),
          postMessage: (message) => {
            const copy = structuredClone(message);
            setImmediate(() => child.emit('message', copy));
          },
        },
        logger: silentLogger,
        exit: (code) => {
          coreExits.push(code);
          setImmediate(() => child.emit('exit', code));
        },
        stationOptions: { clock: new ManualClock(Date.now()), manualSync: true, staff: { signIn: SIGN_IN_DISABLED } },
      });
      return Object.assign(child, {
        postMessage: (message: unknown) => {
          const copy = structuredClone(message);
          setImmediate(() => hostListeners.forEach((listener) => listener({ data: copy })));
        },
      });
    },
  };
  const errorBoxes: string[][] = [];
  const electron = {
    app,
    session: { defaultSession },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => (calls.push('registerSchemesAsPrivileged'), privileged.push(...schemes)),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    ipcMain: { handle: (channel: string, handler: Listener) => ipcHandlers.set(channel, handler) },
    BrowserWindow: FakeWindow,
    utilityProcess,
    dialog: { showErrorBox: (title: string, body: string) => errorBoxes.push([title, body]) },
    Notification: Object.assign(function () {}, { isSupported: () => false }),
  } as unknown as ElectronApi;
  return { electron, app, calls, sessionHandlers, protocolHandlers, privileged, ipcHandlers, windows, forks, coreExits, errorBoxes };
}

const noUpdater = (): Promise<UpdaterLike> => Promise.reject(new Error('no updates in a development run'));

describe('the Electron shell (Electron double, real core behind the utility process)', () => {
  let dir: ReturnType<typeof tempDir>;
  let rendererDir: string;
  beforeEach(() => {
    dir = tempDir('shell');
    rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
    writeFileSync(
      join(dir.path, 'station.json'),
      JSON.stringify({
        http: { host: '127.0.0.1', port: 0 },
        discovery: { mdns: false },
        shell: { kiosk: ['customer'], fullScreen: ['cashier'] },
      }),
    );
  });
  afterEach(() => dir.remove());

  const env = () => ({ POS_DATA_DIR: dir.path, POS_RENDERER_DIR: rendererDir, XDG_CONFIG_HOME: join(dir.path, 'xdg') });

  it('hardens before ready, runs the core in a utility process and opens sandboxed app:// windows', async () => {
    const double = electronDouble({ dataDir: dir.path });
    await runShell({
      electron: double.electron,
      here: '/opt/pos/dist/electron',
      env: env(),
      platform: 'linux',
      logger: silentLogger,
      loadUpdater: noUpdater,
    });

    expect(double.calls.slice(0, 4)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'requestSingleInstanceLock', 'whenReady']);
    expect(double.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(double.forks).toEqual([
      { path: '/opt/pos/dist/electron/core.js', options: expect.objectContaining({ serviceName: 'POS station core' }) },
    ]);
    expect(double.forks[0]!.options.env.POS_DATA_DIR).toBe(dir.path);

    expect(double.windows.map((w) => w.url)).toEqual([
      'app://station/index.html#window=cashier',
      'app://station/index.html#window=kitchen',
      'app://station/index.html#window=customer',
    ]);
    for (const window of double.windows) {
      expect(window.shown).toBe(true);
      expect(window.options.webPreferences).toMatchObject({
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        preload: '/opt/pos/dist/electron/preload.cjs',
      });
    }
    expect(double.windows.map((w) => [w.options.kiosk, w.options.fullscreen])).toEqual([
      [false, true],
      [false, false],
      [true, true],
    ]);

    // Permissions: every request and check denied.
    const granted: boolean[] = [];
    (double.sessionHandlers.request as unknown as (c: unknown, p: string, cb: (g: boolean) => void) => void)(
      { getURL: () => 'app://station/index.html' },
      'media',
      (grant) => granted.push(grant),
    );
    expect(granted).toEqual([false]);
    expect((double.sessionHandlers.check as unknown as () => boolean)()).toBe(false);
    expect((double.sessionHandlers.device as unknown as () => boolean)()).toBe(false);
    const download = { prevented: false, preventDefault: () => (download.prevented = true) };
    double.electron.session.defaultSession.emit('will-download', download, { getURL: () => 'https://evil.example/x.exe' });
    expect(download.prevented).toBe(true);

    // The protocol serves the renderer with its CSP.
    const page = await double.protocolHandlers.get('app')!(new Request('app://station/index.html'));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    // IPC: the cashier window sells through main to the core; a foreign frame or window cannot.
    const invoke = double.ipcHandlers.get(IPC_INVOKE_CHANNEL) as unknown as (
      event: unknown,
      command: unknown,
      args: unknown,
    ) => Promise<unknown>;
    const [cashier, kitchen] = double.windows;
    const from = (id: number, url = 'app://station/index.html#window=cashier') => ({ sender: { id }, senderFrame: { url } });
    const added = (await invoke(from(cashier!.webContents.id), 'order.addBarcode', { barcode: '4006381333931' })) as {
      ok: true;
      value: OrderView;
    };
    expect(added).toMatchObject({ ok: true, value: { totalMinor: 220 } });
    expect(await invoke(from(cashier!.webContents.id, 'file:///etc/passwd'), 'catalog.list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await invoke(from(999), 'catalog.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(from(kitchen!.webContents.id), 'order.payCash', { orderId: added.value.id, tenderedMinor: 500 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // Pushes reach the windows whose role may see them.
    const start = Date.now();
    while (kitchen!.webContents.sent.length === 0 && Date.now() - start < 3_000) await new Promise((r) => setTimeout(r, 10));
    expect(kitchen!.webContents.sent[0]).toEqual(['pos:push', 'order.changed', expect.objectContaining({ id: added.value.id })]);

    // Any webContents created later is hardened: no navigation out, no popups, no webview.
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: (h: (d: { url: string }) => unknown) => void;
      openHandler?: (d: { url: string }) => unknown;
    };
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    double.app.emit('web-contents-created', {}, contents);
    const navigation = { url: 'https://evil.example/', prevented: false, preventDefault: () => (navigation.prevented = true) };
    contents.emit('will-navigate', navigation);
    expect(navigation.prevented).toBe(true);
    const inApp = { url: 'app://station/index.html', prevented: false, preventDefault: () => (inApp.prevented = true) };
    contents.emit('will-navigate', inApp);
    expect(inApp.prevented).toBe(false);
    const redirect = { url: 'app://station.evil/', prevented: false, preventDefault: () => (redirect.prevented = true) };
    contents.emit('will-redirect', redirect);
    expect(redirect.prevented).toBe(true);
    const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.openHandler?.({ url: 'app://station/index.html' })).toEqual({ action: 'deny' });

    // Quitting holds until the core has closed its database.
    double.app.quit();
    expect(double.calls).not.toContain('quit');
    while (double.coreExits.length === 0) await new Promise((r) => setTimeout(r, 10));
    while (!double.calls.includes('quit')) await new Promise((r) => setTimeout(r, 10));
    expect(double.coreExits).toEqual([0]);
    expect(double.app.relaunched).toBe(0);
  });

  it('hands over to the running instance instead of starting a second core', async () => {
    const double = electronDouble({ dataDir: dir.path, lock: false });
    await runShell({
      electron: double.electron,
      here: '/opt/pos',
      env: env(),
      platform: 'linux',
      logger: silentLogger,
      loadUpdater: noUpdater,
    });
    expect(double.calls).toContain('quit');
    expect(double.calls).not.toContain('whenReady');
    expect(double.forks).toEqual([]);
    expect(double.windows).toEqual([]);
  });

  it('shows why and exits when the core cannot start', async () => {
    writeFileSync(join(dir.path, 'station.json'), JSON.stringify({ shell: { kiosk: ['till'] } }));
    const double = electronDouble({ dataDir: dir.path });
    await runShell({
      electron: double.electron,
      here: '/opt/pos',
      env: env(),
      platform: 'linux',
      logger: silentLogger,
      loadUpdater: noUpdater,
    });
    expect(double.errorBoxes).toEqual([['POS Station could not start', expect.stringContaining('shell.kiosk')]]);
    expect(double.app.exited).toEqual([1]);
    expect(double.windows).toEqual([]);
  });
});
