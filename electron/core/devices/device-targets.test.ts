import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePng } from '../../../drivers/testing/png.js';
import { parseStationConfig } from '../config.js';
import type { Station } from '../station.js';
import { tempDir } from '../testing/fixtures.js';
import { startTestStation } from '../testing/station-harness.js';
import type { DevicesConfigInput } from './device-config.js';
import { isPrivateLanAddress } from './device-targets.js';

const receiptOnly: DevicesConfigInput = {
  printers: [{ id: 'receipt', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } }],
  routing: { receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } },
};
const withPrinter = (transport: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...receiptOnly,
  printers: [...receiptOnly.printers, { id: 'grill', transport, ...extra }],
});

describe('where device bytes may go', () => {
  let dir: ReturnType<typeof tempDir>;
  let station: Station | undefined;
  const configFile = () => join(dir.path, 'station.json');
  const setConfig = (devices: unknown) => station!.dispatch('diagnostics', 'devices.setConfig', { devices }, `req-${Math.random()}`);

  beforeEach(() => {
    dir = tempDir('device-targets');
  });
  afterEach(async () => {
    await station?.stop();
    station = undefined;
    dir.remove();
  });

  it('tells the shop network from the internet', () => {
    for (const lan of ['10.1.2.3', '172.16.0.9', '172.31.255.1', '192.168.1.50', '169.254.10.2', 'fd12::5', '[fe80::1]']) {
      expect(isPrivateLanAddress(lan), lan).toBe(true);
    }
    for (const outside of ['8.8.8.8', '172.32.0.1', '127.0.0.1', '::1', '2001:db8::1', 'printer.example.com', '0.0.0.0']) {
      expect(isPrivateLanAddress(outside), outside).toBe(false);
    }
  });

  it('refuses at save an lp path that is not a printer device, an outside TCP host and a missing logo, leaving the file as it was', async () => {
    writeFileSync(configFile(), `${JSON.stringify({ storeName: 'Grill House', devices: receiptOnly }, null, 2)}\n`);
    const before = readFileSync(configFile(), 'utf8');
    station = await startTestStation(dir.path, { devices: receiptOnly });
    const refused = async (devices: unknown, field: string, words: string) => {
      const saved = await setConfig(devices);
      expect(saved).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!saved.ok) expect(saved.error.message).toContain(`${field}: `);
      if (!saved.ok) expect(saved.error.message).toContain(words);
    };
    await refused(withPrinter({ kind: 'lp', path: join(dir.path, 'station.sqlite') }), 'printers.1.transport.path', 'not a printer device');
    await refused(withPrinter({ kind: 'lp', path: '/dev/usb/../../etc/passwd' }), 'printers.1.transport.path', 'not a printer device');
    await refused(withPrinter({ kind: 'serial', path: '/etc/hosts', baudRate: 9600 }), 'printers.1.transport.path', 'not a serial device');
    await refused(withPrinter({ kind: 'tcp', host: '203.0.113.9' }), 'printers.1.transport.host', 'not a private LAN address');
    await refused(withPrinter({ kind: 'tcp', host: 'evil.example.com' }), 'printers.1.transport.host', 'deviceTargets.hosts');
    await refused(withPrinter({ kind: 'virtual' }, { logoFile: join(dir.path, 'missing.png') }), 'printers.1.logoFile', 'cannot be read');
    await refused(withPrinter({ kind: 'virtual' }, { logoFile: configFile() }), 'printers.1.logoFile', 'not a PNG');
    await refused(withPrinter({ kind: 'virtual' }, { logoFile: 'logo.png' }), 'printers.1.logoFile', 'absolute path');
    expect(readFileSync(configFile(), 'utf8')).toBe(before);
  });

  it('saves printer devices, LAN printers, allowlisted targets and a real PNG logo', async () => {
    const logo = join(dir.path, 'logo.png');
    writeFileSync(
      logo,
      encodePng(16, 8, () => [0, 0, 0, 255]),
    );
    const allowlisted = join(dir.path, 'capture.bin');
    writeFileSync(
      configFile(),
      JSON.stringify({ devices: receiptOnly, deviceTargets: { paths: [allowlisted], hosts: ['print-proxy.local', '127.0.0.1'] } }),
    );
    station = await startTestStation(dir.path, { devices: receiptOnly });
    for (const transport of [
      { kind: 'lp', path: '/dev/usb/lp0' },
      { kind: 'lp', path: '/dev/lp1' },
      { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 },
      { kind: 'tcp', host: '192.168.1.50', port: 9100 },
      { kind: 'tcp', host: 'print-proxy.local' },
      { kind: 'tcp', host: '127.0.0.1', port: 9100 },
      { kind: 'lp', path: allowlisted },
    ]) {
      expect(await setConfig(withPrinter(transport)), JSON.stringify(transport)).toMatchObject({ ok: true });
    }
    expect(await setConfig(withPrinter({ kind: 'virtual' }, { logoFile: logo }))).toMatchObject({ ok: true });
  });

  it('refuses a hand-written config with an lp path to a file, naming the allowlist', () => {
    expect(() => parseStationConfig({ devices: withPrinter({ kind: 'lp', path: '/home/pos/receipts.bin' }) }, 'station.json')).toThrow(
      /not a printer device[\s\S]*deviceTargets\.paths[\s\S]*at devices\.printers\.1\.transport\.path/,
    );
  });

  it('still starts when a saved logo has gone missing since, printing without it and saying so', async () => {
    const logo = join(dir.path, 'logo.png');
    writeFileSync(
      logo,
      encodePng(16, 8, () => [0, 0, 0, 255]),
    );
    const devices = { ...receiptOnly, printers: [{ ...receiptOnly.printers[0]!, logoFile: logo }] };
    rmSync(logo);
    station = await startTestStation(dir.path, { devices });
    const diagnostics = await station.dispatch('diagnostics', 'diagnostics.get', {}, 'req-diag');
    expect(diagnostics.ok && diagnostics.value).toMatchObject({
      recentErrors: expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('receipt logo cannot be read') })]),
    });
    expect(station.devices.list().find((d) => d.id === 'receipt')).toBeDefined();
  });
});
