import { devicesConfigIssues, SIMULATED_DEVICES, type DevicesConfigIssue } from '../../../shared/ipc/devices.js';

/** What the editor's text is: a devices section ready to save, or the reasons it is not. */
export type DraftCheck = { ok: true; devices: Record<string, unknown> } | { ok: false; issues: DevicesConfigIssue[] };

export const prettyConfig = (config: unknown): string => `${JSON.stringify(config, null, 2)}\n`;

/** Parses the editor's text and checks it with the core's own rules (the core checks again on save). */
export function checkDraft(text: string): DraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, issues: [{ path: '(JSON)', message: (error as Error).message }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ path: '(devices)', message: 'must be a JSON object with printers and routing' }] };
  }
  const issues = devicesConfigIssues(value);
  return issues.length === 0 ? { ok: true, devices: value as Record<string, unknown> } : { ok: false, issues };
}

/** Reads the `path: message` lines of a refused save back into issues (the first line is the summary). */
export function issuesFromMessage(message: string): DevicesConfigIssue[] {
  const [summary = '', ...lines] = message.split('\n');
  const issues = lines.flatMap((line) => {
    const at = line.indexOf(': ');
    return at > 0 ? [{ path: line.slice(0, at), message: line.slice(at + 2) }] : [];
  });
  return issues.length > 0 ? issues : [{ path: '(devices)', message: summary }];
}

type Section = Record<string, unknown>;
const list = (value: unknown): Section[] => (Array.isArray(value) ? (value as Section[]) : []);
const record = (value: unknown): Section =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Section) : {};

/** Every id the section already uses (printers, their drawers, scanners, displays). */
function usedIds(config: Section): Set<string> {
  const ids = new Set<string>();
  for (const p of list(config.printers)) {
    ids.add(String(p.id));
    const drawer = record(p.drawer);
    if (p.drawer) ids.add(typeof drawer.id === 'string' ? drawer.id : `${String(p.id)}:drawer`);
  }
  for (const s of [...list(config.scanners), ...list(config.displays)]) ids.add(String(s.id));
  return ids;
}

/** `base`, or `base-2`, `base-3`… whichever is still free, so a preset never clashes with a device. */
function freeId(config: Section, base: string): string {
  const ids = usedIds(config);
  if (!ids.has(base)) return base;
  let n = 2;
  while (ids.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

export interface DevicePreset {
  id: string;
  label: string;
  /** The section with the preset's devices added; `config` is never modified. */
  apply: (config: Section) => Section;
}

/** One-click starting points: each adds devices with placeholder addresses the operator then adjusts. */
export const DEVICE_PRESETS: readonly DevicePreset[] = [
  {
    id: 'network-kitchen-printer',
    label: 'Add a network kitchen printer (grill, 192.168.1.50:9100)',
    apply: (config) => {
      const id = freeId(config, 'grill-printer');
      const routing = record(config.routing);
      const receiptPrinter = record(routing.receipt).printer;
      return {
        ...config,
        printers: [
          ...list(config.printers),
          { id, name: 'Grill printer', transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 }, profile: 'generic-80' },
        ],
        routing: {
          ...routing,
          // When the grill printer is out of paper or unreachable, tickets go to the receipt printer.
          kitchen: {
            ...record(routing.kitchen),
            grill: { printer: id, ...(typeof receiptPrinter === 'string' ? { fallback: receiptPrinter } : {}) },
          },
        },
      };
    },
  },
  {
    id: 'serial-scanner',
    label: 'Add a serial barcode scanner (/dev/ttyUSB0, 9600 baud)',
    apply: (config) => {
      const scanner = {
        id: freeId(config, 'serial-scanner'),
        name: 'Barcode scanner',
        transport: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 },
        suffix: 'crlf',
      };
      return { ...config, scanners: [...list(config.scanners), scanner] };
    },
  },
  {
    id: 'serial-display',
    label: 'Add a serial customer display (CD5220, /dev/ttyUSB1)',
    apply: (config) => {
      const display = {
        id: freeId(config, 'pole-display'),
        name: 'Customer display',
        transport: { kind: 'serial', path: '/dev/ttyUSB1', baudRate: 9600 },
        dialect: 'cd5220',
      };
      return { ...config, displays: [...list(config.displays), display] };
    },
  },
  {
    id: 'simulated',
    label: 'Start over with the simulated devices',
    apply: () => structuredClone(SIMULATED_DEVICES),
  },
];
