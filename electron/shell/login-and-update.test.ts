import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { parseStationConfig } from '../core/config.js';
import { tempDir } from '../core/testing/fixtures.js';
import { startAutoUpdate, type UpdaterLike } from './auto-update.js';
import { applyStartAtLogin, autostartEntry } from './login-item.js';

describe('start at login', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('login')));
  afterEach(() => dir.remove());
  const settings: unknown[] = [];
  const app = { setLoginItemSettings: (s: unknown) => settings.push(s) };

  it('writes and removes an XDG autostart entry on Linux', () => {
    const file = join(dir.path, 'autostart', 'pos-station.desktop');
    applyStartAtLogin({ enabled: true, platform: 'linux', app, executable: '/opt/POS Station/pos-station', configHome: dir.path });
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/POS Station/pos-station"');
    applyStartAtLogin({ enabled: false, platform: 'linux', app, executable: '/x', configHome: dir.path });
    expect(existsSync(file)).toBe(false);
    expect(settings).toEqual([]);
  });

  it('quotes what the Exec key would otherwise expand', () => {
    expect(autostartEntry('/home/a$b/"x"/pos')).toContain('Exec="/home/a\\$b/\\"x\\"/pos"');
  });

  it('uses the OS login item on Windows and macOS', () => {
    applyStartAtLogin({ enabled: true, platform: 'win32', app, executable: 'C:\\POS\\pos.exe', configHome: dir.path });
    applyStartAtLogin({ enabled: false, platform: 'darwin', app, executable: '/Applications/POS.app', configHome: dir.path });
    expect(settings).toEqual([{ openAtLogin: true, path: 'C:\\POS\\pos.exe' }, { openAtLogin: false }]);
  });
});

describe('shell config', () => {
  it('defaults to windowed, no login item, updates on; refuses a window that is both kiosk and full screen', () => {
    expect(parseStationConfig({}, 'test').shell).toEqual({ kiosk: [], fullScreen: [], startAtLogin: false, autoUpdate: true });
    expect(() => parseStationConfig({ shell: { kiosk: ['cashier'], fullScreen: ['cashier'] } }, 'test')).toThrow(/kiosk or fullScreen/);
    expect(() => parseStationConfig({ shell: { kiosk: ['till'] } }, 'test')).toThrow();
    expect(() => parseStationConfig({ shell: { autostart: true } }, 'test')).toThrow();
  });
});

function fakeUpdater() {
  const emitter = new EventEmitter();
  const counted = { checks: 0 };
  const updater = Object.assign(emitter, {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    checkForUpdates: () => {
      counted.checks++;
      return counted.checks === 1 ? Promise.resolve(null) : Promise.reject(new Error('offline'));
    },
  });
  return { updater, counted };
}

describe('auto-update', () => {
  it('is off in a development run and when the config says so, without loading the updater', async () => {
    const load = () => Promise.reject(new Error('must not load'));
    const base = { loadUpdater: load, notify: () => {}, logger: silentLogger };
    expect(await startAutoUpdate({ ...base, enabled: true, packaged: false })).toBe('off-development');
    expect(await startAutoUpdate({ ...base, enabled: false, packaged: true })).toBe('off-config');
  });

  it('checks on start and on a timer, installs on quit and tells the station when an update is ready', async () => {
    const { updater, counted } = fakeUpdater();
    const notified: string[] = [];
    let tick: (() => void) | undefined;
    const state = await startAutoUpdate({
      enabled: true,
      packaged: true,
      loadUpdater: () => Promise.resolve(updater as unknown as UpdaterLike),
      notify: (version) => notified.push(version),
      logger: silentLogger,
      setInterval: (run) => ((tick = run), {}),
    });
    expect(state).toBe('on');
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true });
    expect(counted.checks).toBe(1);
    tick?.(); // a failing check (offline) is logged, not thrown
    await new Promise((resolve) => setImmediate(resolve));
    expect(counted.checks).toBe(2);
    updater.emit('error', new Error('bad signature'));
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(notified).toEqual(['0.2.0']);
  });
});
