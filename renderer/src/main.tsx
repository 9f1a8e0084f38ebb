// First: zod must not probe for eval under the windows' CSP (see the module).
import '../../shared/util/zod-without-eval.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Chooser } from './app/Chooser.js';
import { selectWindow, type WindowKind } from './app/select-window.js';
import { StationApp } from './app/StationApp.js';
import { startStation, type Station } from './app/start-station.js';
import { createBridge, takeWindowToken } from './bridge/create-bridge.js';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
const root = createRoot(rootElement);

let token = takeWindowToken(window);
let running: { kind: WindowKind; station: Station } | null = null;

const titles: Record<WindowKind, string> = {
  cashier: 'Cashier',
  kitchen: 'Kitchen',
  customer: 'Customer display',
  diagnostics: 'Diagnostics',
};

/** Runs at start and on every hash change: the chooser's links, or a fresh token pasted into this tab. */
function render(): void {
  const fresh = takeWindowToken(window);
  const tokenChanged = fresh !== token;
  token = fresh;
  const kind = selectWindow(window.location);
  if (running && (running.kind !== kind || tokenChanged)) {
    running.station.dispose();
    running = null;
  }
  if (kind && !running) running = { kind, station: startStation(kind, createBridge(window, token, kind)) };
  document.title = running ? `${titles[running.kind]} — POS` : 'POS';
  root.render(
    <StrictMode>{running ? <StationApp key={running.kind} window={running.kind} station={running.station} /> : <Chooser />}</StrictMode>,
  );
}

window.addEventListener('hashchange', render);
// Closing the socket on purpose lets the core tell a closed tab from a dropped network.
window.addEventListener('pagehide', () => {
  running?.station.dispose();
  running = null;
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted) render();
});
render();
