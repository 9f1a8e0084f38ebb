import { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { SerialBinding } from '../../../drivers/transport/serial-transport.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { Db } from '../db/open-database.js';
import { toDeviceSettings, type DevicesConfig } from './device-config.js';
import { SqliteDrawerKickLog, SqlitePrintJobStore } from './sqlite-print-jobs.js';

export interface DeviceDeps {
  config: DevicesConfig;
  db: Db;
  logger: Logger;
  clock: Clock;
  serialBinding?: SerialBinding;
}

/**
 * The station's peripherals, supervised by the drivers' device manager; print jobs and drawer kicks
 * are rows in the station database, so a restart neither loses a ticket nor re-kicks a drawer.
 */
export async function startDevices({ config, db, logger, clock, serialBinding }: DeviceDeps): Promise<DeviceManager> {
  const manager = new DeviceManager({
    settings: toDeviceSettings(config, undefined, (printerId, path, error) =>
      logger.error(
        { printerId, path, err: error },
        'receipt logo cannot be read: printing without it (fix logoFile in the devices settings)',
      ),
    ),
    jobStore: new SqlitePrintJobStore(db),
    kickLog: new SqliteDrawerKickLog(db),
    clock,
    logger: logger.child({ component: 'devices' }),
    ...(serialBinding ? { serialBinding } : {}),
  });
  await manager.start();
  return manager;
}
