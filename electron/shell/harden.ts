import type { Session, WebContents } from 'electron';
import type { Logger } from '../../shared/logger.js';
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

/** The session APIs `hardenSession` sets (a test passes a recording double). */
export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  on(event: 'will-download', listener: (event: { preventDefault(): void }, item: { getURL(): string }) => void): unknown;
};

/**
 * Deny by default: the station windows need no camera, microphone, notifications, geolocation,
 * clipboard read, HID/serial/USB from the page (devices are the core's) or anything else Chromium
 * can ask for. Electron grants every request when no handler is set, so both handlers are set.
 */
export function hardenSession(session: SessionLike, logger: Logger): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    logger.warn({ permission, url: contents.getURL() }, 'permission request denied');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event, item) => {
    logger.warn({ url: item.getURL() }, 'download refused');
    event.preventDefault();
  });
}

/** True only for a URL of the station's own app:// origin. */
export function isAppUrl(url: string): boolean {
  try {
    // Not `.origin`: WHATWG URL (as in Node) gives a custom scheme the opaque origin "null".
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** The webContents events `hardenContents` listens to. */
export type ContentsLike = Pick<WebContents, 'setWindowOpenHandler'> & {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { url: string; preventDefault(): void }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
};

/**
 * Every webContents the app creates (wired through `web-contents-created`): no navigation away from
 * the app origin, no new windows, no <webview>. Links to the outside are never opened either (the
 * station has none, so shell.openExternal is not used at all).
 */
export function hardenContents(contents: ContentsLike, logger: Logger): void {
  const refuseNavigation = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    logger.warn({ url: event.url }, 'navigation refused');
    event.preventDefault();
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => {
    logger.warn({}, 'webview refused');
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    logger.warn({ url }, 'new window refused');
    return { action: 'deny' };
  });
}
