import type { LinkSnapshot, LinkState } from '../devices/link-supervisor.js';
import type { DeviceProblem, PrinterSnapshot, PrinterState } from '../devices/printer-device.js';

export type DeviceKind = 'printer' | 'drawer' | 'scanner' | 'display';

export type DeviceTestAction = 'test-print' | 'open-drawer' | 'show-on-display' | 'await-scan';

/** One device as the UI lists it: pushed on every change. */
export interface DeviceStatus {
  id: string;
  kind: DeviceKind;
  name: string;
  /** Virtual devices must be labelled as simulated wherever they are shown. */
  simulated: boolean;
  connection: string;
  state: PrinterState | LinkState;
  since: number;
  /** Why it cannot work, with the fix when one is known (e.g. the group to join). */
  problem?: DeviceProblem;
  paperNearEnd?: boolean;
  /** Drawer sensor (connector pin 3, configured polarity). */
  sensor?: 'open' | 'closed' | 'unknown';
  /** The printer a drawer hangs off. */
  printerId?: string;
  reconnectAttempt: number;
  nextRetryAt?: number;
  actions: DeviceTestAction[];
}

interface Identity {
  id: string;
  name: string;
  simulated: boolean;
  connection: string;
}

export function printerStatus(identity: Identity, snapshot: PrinterSnapshot): DeviceStatus {
  return {
    ...identity,
    kind: 'printer',
    state: snapshot.state,
    since: snapshot.since,
    ...(snapshot.problem ? { problem: snapshot.problem } : {}),
    paperNearEnd: snapshot.paperNearEnd,
    reconnectAttempt: snapshot.reconnectAttempt,
    ...(snapshot.nextRetryAt !== undefined ? { nextRetryAt: snapshot.nextRetryAt } : {}),
    actions: ['test-print'],
  };
}

export function drawerStatus(identity: Identity, printerId: string, snapshot: PrinterSnapshot): DeviceStatus {
  return {
    ...identity,
    kind: 'drawer',
    state: snapshot.state,
    since: snapshot.since,
    ...(snapshot.problem ? { problem: snapshot.problem } : {}),
    sensor: snapshot.drawer,
    printerId,
    reconnectAttempt: snapshot.reconnectAttempt,
    actions: ['open-drawer'],
  };
}

export function linkStatus(identity: Identity, kind: 'scanner' | 'display', snapshot: LinkSnapshot): DeviceStatus {
  return {
    ...identity,
    kind,
    state: snapshot.state,
    since: snapshot.since,
    ...(snapshot.problem ? { problem: snapshot.problem } : {}),
    reconnectAttempt: snapshot.reconnectAttempt,
    ...(snapshot.nextRetryAt !== undefined ? { nextRetryAt: snapshot.nextRetryAt } : {}),
    actions: [kind === 'scanner' ? 'await-scan' : 'show-on-display'],
  };
}
