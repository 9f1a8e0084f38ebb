import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../../electron/core/config.js';
import { startStation, type Station } from '../../electron/core/station.js';
import { MockSerialBench } from './mock-serial.js';
import { rendererDir } from './renderer-dir.js';

export const MOCK_SCANNER = '/dev/ttyMOCK-SCANNER';
export const MOCK_PRINTER = '/dev/ttyMOCK-PRINTER';

/** One counter: a serial receipt printer with its drawer and a serial scanner, both on the mock bench. */
export interface SerialStation {
  station: Station;
  serial: MockSerialBench;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Starts a real station core on a fresh data directory with the printer and scanner played by
 * `@serialport/binding-mock`; `stop()` shuts it down and removes the directory.
 */
export async function startSerialStation(options: { stationId: string; dirPrefix: string; printerName?: string }): Promise<SerialStation> {
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
  const serial = new MockSerialBench(MOCK_SCANNER, MOCK_PRINTER);
  const station = await startStation({
    config: parseStationConfig(
      {
        stationId: options.stationId,
        storeName: 'E2E Café',
        http: { host: '127.0.0.1', port: 0 },
        devices: {
          printers: [
            {
              id: 'receipt',
              ...(options.printerName ? { name: options.printerName } : {}),
              transport: { kind: 'serial', path: MOCK_PRINTER, baudRate: 38400 },
              profile: 'epson-tm-t88',
              drawer: { id: 'drawer', pin: 2 },
            },
          ],
          routing: { receipt: { printer: 'receipt' } },
          scanners: [{ id: 'scanner', transport: { kind: 'serial', path: MOCK_SCANNER, baudRate: 9600 } }],
        },
      },
      'e2e',
    ),
    dataDir: join(dir, 'station'),
    rendererDir,
    serialBinding: serial.binding,
  });
  return {
    station,
    serial,
    dir,
    async stop() {
      await station.stop();
      serial.reset();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
