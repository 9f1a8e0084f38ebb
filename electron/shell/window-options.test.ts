import { describe, expect, it } from 'vitest';
import { ShellConfig } from './shell-config.js';
import { secureWebPreferences, windowOptions } from './window-options.js';

describe('station window options (Electron security checklist items 2, 3, 4, 6, 8, 9, 10, 11/12)', () => {
  it('runs every page sandboxed and isolated, without Node, webview, insecure content or experimental features', () => {
    expect(secureWebPreferences('/app/preload.cjs', false)).toEqual({
      preload: '/app/preload.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(secureWebPreferences('/p', true)).not.toHaveProperty('enableBlinkFeatures');
  });

  it('opens kiosk and full-screen windows as configured', () => {
    const shell = ShellConfig.parse({ kiosk: ['customer'], fullScreen: ['kitchen'] });
    const options = (role: 'cashier' | 'kitchen' | 'customer') => windowOptions({ role, shell, preloadPath: '/p', devTools: false });
    expect(options('customer')).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(options('kitchen')).toMatchObject({ kiosk: false, fullscreen: true });
    expect(options('cashier')).toMatchObject({ kiosk: false, fullscreen: false, title: 'POS — Cashier' });
  });
});
