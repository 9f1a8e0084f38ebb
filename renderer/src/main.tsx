// First: zod must not probe for eval under the windows' CSP (see the module).
import '../../shared/util/zod-without-eval.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Chooser } from './app/Chooser.js';
import { PairWindow } from './app/PairWindow.js';
import { selectWindow, type WindowKind } from './app/select-window.js';
import { StationApp } from './app/StationApp.js';
import { startStation, type Station } from './app/start-station.js';
import { createBridge, hasPreloadApi, takeWindowToken } from './bridge/create-bridge.js';
import { forgetDeviceToken, readDeviceToken, saveDeviceToken, type DeviceStorage } from './bridge/device-token.js';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
const root = createRoot(rootElement);

let token = takeWindowToken(window);
let running: { kind: WindowKind; station: Station; stopWatching: () => void } | null = null;
/** Said on the pairing form after a device token stopped working (revoked at the counter). */
let pairingNotice: string | null = null;

const titles: Record<WindowKind, string> = {
  cashier: 'Cashier',
  kitchen: 'Kitchen',
  customer: 'Customer display',
  diagnostics: 'Diagnostics',
};

type PairableKind = 'cashier' | 'kitchen' | 'customer';
const pairable = (kind: WindowKind | null): kind is PairableKind => kind === 'cashier' || kind === 'kitchen' || kind === 'customer';

function deviceStorage(): DeviceStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A local window's `#token=` first; otherwise the token this device was paired with for the window's role. */
function currentToken(kind: WindowKind | null): { token: string | null; device: boolean } {
  const local = takeWindowToken(window);
  if (local) return { token: local, device: false };
  const device = pairable(kind) ? readDeviceToken(deviceStorage(), kind) : null;
  return { token: device, device: device !== null };
}

function stop(): void {
  running?.stopWatching();
  running?.station.dispose();
  running = null;
}

function paired(kind: PairableKind, role: PairableKind, deviceToken: string): void {
  saveDeviceToken(deviceStorage(), role, deviceToken);
  pairingNotice = null;
  if (role !== kind) window.location.assign(`/${role}`);
  else render();
}

/** Runs at start and on every hash change: the chooser's links, or a fresh token pasted into this tab. */
function render(): void {
  const kind = selectWindow(window.location);
  const current = currentToken(kind);
  const tokenChanged = current.token !== token;
  token = current.token;
  if (running && (running.kind !== kind || tokenChanged)) stop();
  // A browser on the LAN without a token pairs first; the Electron shell and local windows never get here.
  if (pairable(kind) && !token && !hasPreloadApi(window)) {
    document.title = `Pair ${titles[kind]} — POS`;
    root.render(
      <StrictMode>
        <PairWindow window={kind} notice={pairingNotice} onPaired={(role, t) => paired(kind, role, t)} />
      </StrictMode>,
    );
    return;
  }
  if (kind && !running) {
    const station = startStation(kind, createBridge(window, token, kind));
    // A paired device whose token is refused (revoked at the counter) forgets it and asks for a new code.
    const stopWatching =
      current.device && pairable(kind)
        ? station.bridge.onConnection((state) => {
            if (state.status !== 'unauthorized' || state.reason !== 'rejected') return;
            forgetDeviceToken(deviceStorage(), kind);
            pairingNotice = "This device's access was withdrawn at the counter: pair it again.";
            queueMicrotask(render);
          })
        : () => undefined;
    running = { kind, station, stopWatching };
  }
  document.title = running ? `${titles[running.kind]} — POS` : 'POS';
  root.render(
    <StrictMode>{running ? <StationApp key={running.kind} window={running.kind} station={running.station} /> : <Chooser />}</StrictMode>,
  );
}

window.addEventListener('hashchange', render);
// Closing the socket on purpose lets the core tell a closed tab from a dropped network.
window.addEventListener('pagehide', stop);
window.addEventListener('pageshow', (event) => {
  if (event.persisted) render();
});
render();
