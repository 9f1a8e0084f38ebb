import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowRole } from '../../shared/ipc/contract.js';
import type { ShellConfig } from './shell-config.js';

const TITLES: Record<WindowRole, string> = {
  cashier: 'POS — Cashier',
  kitchen: 'POS — Kitchen',
  customer: 'POS — Customer display',
  diagnostics: 'POS — Diagnostics',
};

/**
 * Every station window's webPreferences, spelled out even where they are Electron's defaults so a
 * changed default or a careless edit shows up in the checklist test: the page runs sandboxed, isolated
 * from the preload, without Node, and reaches the core only through the preload's `window.pos`.
 */
export function secureWebPreferences(
  preloadPath: string,
  devTools: boolean,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle click opens links in a new window; the open handler denies that too, this stops it earlier.
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}

export interface WindowOptionsInput {
  role: WindowRole;
  shell: ShellConfig;
  preloadPath: string;
  /** Developer tools only in an unpackaged (development) run. */
  devTools: boolean;
}

export function windowOptions({ role, shell, preloadPath, devTools }: WindowOptionsInput): BrowserWindowConstructorOptions {
  const kiosk = shell.kiosk.includes(role);
  return {
    width: role === 'cashier' ? 1280 : 1024,
    height: 800,
    title: TITLES[role],
    // Shown once the page has painted: no white flash on a counter screen.
    show: false,
    backgroundColor: '#101418',
    kiosk,
    fullscreen: kiosk || shell.fullScreen.includes(role),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, devTools),
  };
}
