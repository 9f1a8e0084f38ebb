import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BackoffPolicy } from '../../shared/util/backoff.js';
import { SerialBarcodeScanner } from '../devices/barcode-scanner.js';
import { CashDrawer } from '../devices/cash-drawer.js';
import type { DrawerKickLog } from '../devices/drawer-kick-log.js';
import { LinkSupervisor } from '../devices/link-supervisor.js';
import { PrinterDevice } from '../devices/printer-device.js';
import { VirtualReceiptPrinter } from '../devices/virtual-printer.js';
import { PoleDisplay } from '../display/pole-display.js';
import { VirtualPoleDisplay } from '../display/virtual-pole-display.js';
import { printerProfile, withColumns } from '../escpos/printer-profile.js';
import { MemoryTransport } from '../transport/memory-transport.js';
import type { SerialBinding } from '../transport/serial-transport.js';
import type { Transport } from '../transport/transport.js';
import type { UsbApi } from '../transport/usb-api.js';
import type { DeviceSettings, DisplaySettings, PrinterSettings, ScannerSettings, TransportSettings } from './device-settings.js';
import { DeviceRegistry, isVirtual } from './device-registry.js';
import { DeviceSettingsError } from './device-settings-error.js';
import { createTransport } from './transport-factory.js';

/** Timing overrides for tests. */
export interface DeviceTiming {
  heartbeatMs?: number;
  statusTimeoutMs?: number;
  confirmTimeoutMs?: number;
  backoff?: BackoffPolicy;
}

export interface DeviceFactoryDeps {
  kickLog: DrawerKickLog;
  clock: Clock;
  logger: Logger;
  serialBinding: SerialBinding;
  usb: UsbApi | undefined;
  random: (() => number) | undefined;
  timing: DeviceTiming;
}

/** Builds every configured device (not started) after checking the settings name each one once. */
export function buildDevices(settings: DeviceSettings, deps: DeviceFactoryDeps): DeviceRegistry {
  checkDeviceIds(settings);
  const registry = new DeviceRegistry();
  const transportOf = transportBuilder(deps);
  for (const p of settings.printers) addPrinter(registry, p, settings.heartbeatMs, transportOf, deps);
  for (const s of settings.scanners) addScanner(registry, s, transportOf, deps);
  for (const d of settings.displays) addDisplay(registry, d, transportOf, deps);
  return registry;
}

export function checkDeviceIds(settings: DeviceSettings): void {
  const ids = new Set<string>();
  const claim = (id: string, what: string): void => {
    if (ids.has(id)) throw new DeviceSettingsError(`device id "${id}" is used twice (${what})`);
    ids.add(id);
  };
  for (const p of settings.printers) {
    claim(p.id, 'printer');
    if (p.drawer) claim(p.drawer.id ?? `${p.id}:drawer`, 'drawer');
  }
  for (const s of settings.scanners) claim(s.id, 'scanner');
  for (const d of settings.displays) claim(d.id, 'display');
  const printerIds = new Set(settings.printers.map((p) => p.id));
  const routing = settings.routing;
  const routes = [
    ['receipt', routing.receipt],
    ['kitchenDefault', routing.kitchenDefault],
    ...Object.entries(routing.kitchen ?? {}).map(([k, v]) => [`kitchen.${k}`, v] as const),
  ] as const;
  for (const [name, route] of routes) {
    if (!route || typeof route !== 'object') continue;
    for (const id of [route.printer, route.fallback]) {
      if (id !== undefined && !printerIds.has(id))
        throw new DeviceSettingsError(`route ${name} names printer "${id}", which is not configured`);
    }
  }
}

type TransportOf = (settings: Exclude<TransportSettings, { kind: 'virtual' }>) => Transport;

function transportBuilder(deps: DeviceFactoryDeps): TransportOf {
  const transportDeps = { logger: deps.logger, serialBinding: deps.serialBinding, ...(deps.usb ? { usb: deps.usb } : {}) };
  return (settings) => createTransport(settings, transportDeps);
}

function addPrinter(
  registry: DeviceRegistry,
  p: PrinterSettings,
  settingsHeartbeatMs: number | undefined,
  transportOf: TransportOf,
  deps: DeviceFactoryDeps,
): void {
  const { clock, logger, timing } = deps;
  const heartbeatMs = timing.heartbeatMs ?? settingsHeartbeatMs;
  const virtual = isVirtual(p.transport) ? new VirtualReceiptPrinter({ id: `virtual:${p.id}`, clock, logger }) : undefined;
  const transport = virtual ?? transportOf(p.transport as Exclude<TransportSettings, { kind: 'virtual' }>);
  const base = printerProfile(p.profile);
  const profile = p.columns !== undefined && p.columns !== base.columns ? withColumns(base, p.columns) : base;
  const device = new PrinterDevice({
    id: p.id,
    transport,
    profile,
    clock,
    logger,
    ...(heartbeatMs !== undefined ? { heartbeatMs } : {}),
    ...(timing.statusTimeoutMs !== undefined ? { statusTimeoutMs: timing.statusTimeoutMs } : {}),
    ...(timing.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: timing.confirmTimeoutMs } : {}),
    ...(timing.backoff ? { backoff: timing.backoff } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(p.drawer?.sensor ? { drawerPolarity: p.drawer.sensor } : {}),
  });
  registry.printers.set(p.id, { name: p.name ?? p.id, settings: p.transport, transport, device, assets: {}, logoPng: p.logoPng, virtual });
  if (!p.drawer) return;
  const drawerId = p.drawer.id ?? `${p.id}:drawer`;
  const drawer = new CashDrawer({
    id: drawerId,
    printer: device,
    log: deps.kickLog,
    clock,
    logger,
    ...(p.drawer.pin !== undefined ? { pin: p.drawer.pin } : {}),
    ...(p.drawer.onMs !== undefined ? { onMs: p.drawer.onMs } : {}),
    ...(p.drawer.offMs !== undefined ? { offMs: p.drawer.offMs } : {}),
    ...(p.drawer.realtimePulseMs !== undefined ? { realtimePulseMs: p.drawer.realtimePulseMs } : {}),
  });
  registry.drawers.set(drawerId, { name: `${p.name ?? p.id} cash drawer`, drawer });
}

function linkDeps(id: string, deps: DeviceFactoryDeps) {
  return {
    id,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.timing.backoff ? { backoff: deps.timing.backoff } : {}),
    ...(deps.random ? { random: deps.random } : {}),
  };
}

function addScanner(registry: DeviceRegistry, s: ScannerSettings, transportOf: TransportOf, deps: DeviceFactoryDeps): void {
  const virtual = isVirtual(s.transport) ? new MemoryTransport({ id: `virtual:${s.id}`, logger: deps.logger }) : undefined;
  const transport = virtual ?? transportOf(s.transport as Exclude<TransportSettings, { kind: 'virtual' }>);
  const scanner = new SerialBarcodeScanner({
    transport,
    deviceId: s.id,
    logger: deps.logger,
    clock: deps.clock,
    ...(s.suffix ? { suffix: s.suffix } : {}),
  });
  scanner.attach();
  registry.scanners.set(s.id, {
    name: s.name ?? s.id,
    settings: s.transport,
    transport,
    scanner,
    virtual,
    link: new LinkSupervisor({ ...linkDeps(s.id, deps), transport }),
  });
}

function addDisplay(registry: DeviceRegistry, d: DisplaySettings, transportOf: TransportOf, deps: DeviceFactoryDeps): void {
  const virtual = isVirtual(d.transport)
    ? new VirtualPoleDisplay({ id: `virtual:${d.id}`, dialect: d.dialect, ...(d.encoding ? { encoding: d.encoding } : {}) })
    : undefined;
  const transport = virtual ?? transportOf(d.transport as Exclude<TransportSettings, { kind: 'virtual' }>);
  const display = new PoleDisplay({
    id: d.id,
    transport,
    dialect: d.dialect,
    logger: deps.logger,
    ...(d.encoding ? { encoding: d.encoding } : {}),
    ...(d.codeTable !== undefined ? { codeTable: d.codeTable } : {}),
    ...(d.brightness !== undefined ? { brightness: d.brightness } : {}),
  });
  // A display that comes back shows what it showed before it went.
  const link = new LinkSupervisor({ ...linkDeps(d.id, deps), transport, onConnected: () => display.redraw() });
  registry.displays.set(d.id, { name: d.name ?? d.id, settings: d.transport, transport, display, virtual, link });
}
