import type { ManagedBridge } from './connection.js';
import { ElectronBridge, readPreloadApi } from './electron-bridge.js';
import type { WindowKind } from '../app/select-window.js';
import { takeToken } from './token.js';
import { createWsBridge, ipcUrl } from './ws-bridge.js';

export const KITCHEN_HEARTBEAT_MS = 4_000;

/**
 * Electron windows get the preload's `window.pos`; every other browser (kitchen tablet, e2e tests)
 * talks to the station core over its WebSocket. Components never learn which one they got.
 */
export function createBridge(win: Window, token: string | null, kind?: WindowKind): ManagedBridge {
  const api = readPreloadApi((win as Window & { pos?: unknown }).pos);
  if (api) return new ElectronBridge(api);
  // The kitchen shows "last heard from the station core" and warns after 10 s: it pings every 4 s.
  const heartbeat = kind === 'kitchen' ? { heartbeatMs: KITCHEN_HEARTBEAT_MS } : {};
  return createWsBridge({ url: ipcUrl(win.location), token, WebSocketImpl: WebSocket, ...heartbeat });
}

/** Whether this window runs in the Electron shell, which needs no token and no pairing. */
export function hasPreloadApi(win: Window): boolean {
  return readPreloadApi((win as Window & { pos?: unknown }).pos) !== null;
}

/** Must run before anything renders so the token leaves the address bar at once. */
export function takeWindowToken(win: Window): string | null {
  let storage: Storage | null;
  try {
    storage = win.sessionStorage;
  } catch {
    storage = null;
  }
  return takeToken({ location: win.location, history: win.history, storage });
}
