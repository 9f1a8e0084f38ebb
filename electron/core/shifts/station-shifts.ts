import type { DeviceManager } from '../../../drivers/manager/device-manager.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { Db } from '../db/open-database.js';
import type { EventStore } from '../event-store.js';
import type { StaffSessions } from '../staff/staff-session.js';
import { openWork } from '../../../shared/station-orders.js';
import { ShiftService } from './shift-service.js';
import { ShiftStore } from './shift-store.js';

export interface StationShiftsDeps {
  db: Db;
  store: EventStore;
  devices: DeviceManager;
  staff: StaffSessions | undefined;
  stationId: string;
  storeName: string;
  currency: string;
  clock: Clock;
  logger: Logger;
}

/** The station's shift service, printing reports on the receipt route like receipts. */
export function createStationShifts({
  db,
  store,
  devices,
  staff,
  stationId,
  storeName,
  currency,
  clock,
  logger,
}: StationShiftsDeps): ShiftService {
  // A person recorded on a shift keeps the name they had; the role is today's (cashier if they left).
  const staffOf = (id: string, name: string) => ({ id, name, role: staff?.member(id)?.role ?? ('cashier' as const) });
  return new ShiftService({
    shifts: new ShiftStore(db, stationId, staffOf),
    stationId,
    storeName,
    currency,
    clock,
    logger: logger.child({ component: 'shifts' }),
    newId: () => store.newId(),
    signedIn: () => staff?.current().signedIn ?? null,
    print: (document, idempotencyKey) => ({ jobId: devices.print({ idempotencyKey, document }).id }),
    openWork: () => openWork(store.listActive(), stationId),
  });
}
