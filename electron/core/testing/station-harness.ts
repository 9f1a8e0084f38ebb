import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../shared/clock.js';
import { parseStationConfig, type StationConfigInput } from '../config.js';
import { SIGN_IN_DISABLED } from '../staff/staff-config.js';
import { startStation, type Station, type StationOptions } from '../station.js';

/**
 * Starts a real station core on a loopback port with its own data directory and a stub UI page. A
 * counter test that names no staff runs a till without sign-in, said in the words a real config must
 * use; a kitchen station without staff stays as a real one would (no till, nobody to approve).
 */
export async function startTestStation(
  dataDir: string,
  config: StationConfigInput = {},
  extra: Partial<StationOptions> = {},
): Promise<Station> {
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>');
  return startStation({
    // mDNS stays off unless a test asks: parallel tests on one machine would find each other's stations.
    config: parseStationConfig(
      {
        http: { host: '127.0.0.1', port: 0 },
        discovery: { mdns: false },
        ...(extra.staff || config.role === 'kitchen' ? {} : { staff: { signIn: SIGN_IN_DISABLED } }),
        ...config,
      },
      'test',
    ),
    dataDir,
    rendererDir,
    clock: new ManualClock(Date.now()),
    manualSync: true,
    ...extra,
  });
}
