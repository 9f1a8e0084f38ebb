import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveDevicesConfigView } from '../../../shared/ipc/devices.js';
import { loadStationConfig } from '../config.js';
import type { DevicesConfigInput } from './device-config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';

const receiptOnly: DevicesConfigInput = {
  printers: [{ id: 'receipt', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } }],
  routing: { receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } },
};

/** The receipt printer plus a virtual printer for the grill, which its kitchen tickets go to. */
const withGrill: DevicesConfigInput = {
  printers: [...receiptOnly.printers, { id: 'grill', name: 'Grill printer', transport: { kind: 'virtual' } }],
  routing: { ...receiptOnly.routing, kitchen: { grill: { printer: 'grill', fallback: 'receipt' } } },
};

/**
 * Devices edited from the diagnostics window: the section lands in the station's config file (the
 * rest of the file untouched), a station started from that file runs the new devices, and an edit
 * that does not validate is refused naming the field, leaving the file byte for byte as it was.
 */
describe('devices.setConfig', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station | undefined;
  const configFile = () => join(dir.path, 'station.json');

  beforeEach(() => {
    dir = tempDir('devices-config');
  });
  afterEach(async () => {
    await station?.stop();
    station = undefined;
    dir.remove();
  });

  const setConfig = (devices: unknown, role: 'cashier' | 'kitchen' = 'cashier') =>
    station!.dispatch(role, 'devices.setConfig', { devices }, `req-set-${Math.random()}`);

  it('creates station.json in the data directory when the station runs without one, and a restart runs the new devices', async () => {
    station = await startTestStation(dir.path, { stationId: 'station-devcfg', devices: receiptOnly });
    expect(existsSync(configFile())).toBe(false);

    const saved = await setConfig(withGrill);
    expect(saved).toEqual({ ok: true, value: { path: configFile(), applied: 'on_restart' } });
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ devices: withGrill });
    expect(readdirSync(dir.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Running devices are untouched until the restart.
    expect(station.devices.list().map((d) => d.id)).not.toContain('grill');
    // The diagnostics window hears what is waiting for the restart.
    const shown = await station.dispatch('cashier', 'devices.config', {}, 'req-config');
    expect(shown.ok && (shown.value as ActiveDevicesConfigView).pending).toEqual({ config: withGrill, path: configFile() });

    await station.stop();
    const fromFile = loadStationConfig({ dataDir: dir.path });
    expect(fromFile.devices.printers.map((p) => p.id)).toEqual(['receipt', 'grill']);
    station = await startTestStation(dir.path, { stationId: 'station-devcfg', devices: withGrill });
    expect(station.devices.list().map((d) => d.id)).toContain('grill');
    const after = await station.dispatch('cashier', 'devices.config', {}, 'req-config-after');
    expect(after.ok && (after.value as ActiveDevicesConfigView).pending).toBeUndefined();
  });

  it('replaces only the devices section, keeping the other sections and keys the file has', async () => {
    const original = {
      stationId: 'station-devcfg',
      storeName: 'Grill House',
      http: { host: '0.0.0.0', port: 4400, note: 'kept for the LAN tablet' },
      storage: { closedOrderRetentionDays: 90 },
      devices: receiptOnly,
    };
    writeFileSync(configFile(), JSON.stringify(original));
    station = await startTestStation(dir.path, { stationId: 'station-devcfg', devices: receiptOnly });

    const network: DevicesConfigInput = {
      ...withGrill,
      printers: [...receiptOnly.printers, { id: 'grill', transport: { kind: 'tcp', host: '192.168.1.50', port: 9100 } }],
    };
    const saved = await setConfig(network);
    expect(saved.ok).toBe(true);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ ...original, devices: network });
    expect(loadStationConfig({ dataDir: dir.path }).devices.printers[1]?.transport).toEqual({
      kind: 'tcp',
      host: '192.168.1.50',
      port: 9100,
    });
  });

  it('refuses an invalid section naming each field, and changes nothing', async () => {
    writeFileSync(configFile(), `${JSON.stringify({ storeName: 'Grill House', devices: receiptOnly }, null, 4)}\n`);
    const before = readFileSync(configFile(), 'utf8');
    station = await startTestStation(dir.path, { devices: receiptOnly });

    const badPort = await setConfig({
      ...withGrill,
      printers: [...receiptOnly.printers, { id: 'grill', transport: { kind: 'tcp', host: '192.168.1.50', port: 70000 } }],
    });
    expect(badPort.ok).toBe(false);
    if (badPort.ok) return;
    expect(badPort.error.code).toBe('bad_request');
    expect(badPort.error.message).toContain('printers.1.transport.port');

    const unknownPrinter = await setConfig({
      ...receiptOnly,
      routing: { ...receiptOnly.routing, kitchen: { grill: { printer: 'grill' } } },
    });
    expect(unknownPrinter.ok).toBe(false);
    if (unknownPrinter.ok) return;
    expect(unknownPrinter.error.message).toContain('routing.kitchen.grill.printer: no printer "grill" is configured');

    const twice = await setConfig({ ...receiptOnly, scanners: [{ id: 'drawer', transport: { kind: 'virtual' } }] });
    expect(twice.ok).toBe(false);
    if (twice.ok) return;
    expect(twice.error.message).toContain('scanners.0.id: device id "drawer" is already used at printers.0.drawer.id');

    expect(readFileSync(configFile(), 'utf8')).toBe(before);
  });

  it('creates no file when the first save is invalid, and kitchen windows may not save', async () => {
    station = await startTestStation(dir.path, { devices: receiptOnly });
    const missingPrinters = await setConfig({ routing: receiptOnly.routing });
    expect(missingPrinters.ok).toBe(false);
    if (!missingPrinters.ok) expect(missingPrinters.error.message).toContain('printers:');
    const forbidden = await setConfig(withGrill, 'kitchen');
    expect(forbidden.ok).toBe(false);
    if (!forbidden.ok) expect(forbidden.error.code).toBe('forbidden');
    expect(existsSync(configFile())).toBe(false);
  });

  it('refuses to save over a config file that no longer parses', async () => {
    station = await startTestStation(dir.path, { devices: receiptOnly });
    writeFileSync(configFile(), '{ "storeName": ');
    const saved = await setConfig(withGrill);
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(saved.error.code).toBe('invalid_state');
    expect(readFileSync(configFile(), 'utf8')).toBe('{ "storeName": ');
  });
});
