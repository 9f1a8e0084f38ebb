import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What start-at-login needs of Electron's `app` (setLoginItemSettings works on Windows and macOS only). */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface StartAtLoginInput {
  enabled: boolean;
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** The executable to start: $APPIMAGE for an AppImage (its mount point changes every run), else process.execPath. */
  executable: string;
  /** XDG config home (~/.config unless $XDG_CONFIG_HOME). */
  configHome: string;
}

const DESKTOP_FILE = 'pos-station.desktop';

/** An XDG autostart entry (freedesktop Desktop Entry spec): the way Linux desktops start programs at login. */
export function autostartEntry(executable: string): string {
  // Exec quoting per the spec: the path in double quotes with ", `, $ and \ escaped.
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=POS Station',
    `Exec=${quoted}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/**
 * Makes "start at login" match the config on every start, so turning it off in station.json also
 * removes it. Linux gets an autostart file; Windows and macOS the OS login item.
 */
export function applyStartAtLogin({ enabled, platform, app, executable, configHome }: StartAtLoginInput): void {
  if (platform === 'win32' || platform === 'darwin') {
    app.setLoginItemSettings({ openAtLogin: enabled, ...(platform === 'win32' ? { path: executable } : {}) });
    return;
  }
  const directory = join(configHome, 'autostart');
  const file = join(directory, DESKTOP_FILE);
  if (!enabled) {
    if (existsSync(file)) rmSync(file);
    return;
  }
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, autostartEntry(executable), { mode: 0o644 });
}
