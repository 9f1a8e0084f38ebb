import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStationConfig } from '../../electron/core/config.js';
import { startStation, type Station } from '../../electron/core/station.js';
import { rendererDir } from './renderer-dir.js';

export interface SimulatedStation {
  station: Station;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A standalone till (no central server) with the simulated devices, on a fresh data directory:
 * enough for the cashier, kitchen and customer windows. `stop()` shuts it down and removes the directory.
 */
export async function startSimulatedStation(dirPrefix: string): Promise<SimulatedStation> {
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const station = await startStation({
    config: parseStationConfig({ stationId: 'station-counter', http: { host: '127.0.0.1', port: 0 } }, 'e2e'),
    dataDir: join(dir, 'station'),
    rendererDir,
  });
  return {
    station,
    dir,
    async stop() {
      await station.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
