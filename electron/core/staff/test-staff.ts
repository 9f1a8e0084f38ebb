import { hashPin } from './pin-hash.js';
import type { StaffConfig } from './staff-config.js';

/** Cheap scrypt cost for tests only: the format and the check are the same as in production. */
const TEST_COST = { N: 1024, r: 8, p: 1 };

/** Alex (cashier 1111), Sam (cashier 2222), Morgan (manager 9999). */
export function testStaff(requireSignIn = true): StaffConfig {
  return {
    requireSignIn,
    idleSignOutMinutes: 15,
    members: [
      { id: 'alex', name: 'Alex', role: 'cashier', pinHash: hashPin('1111', TEST_COST) },
      { id: 'sam', name: 'Sam', role: 'cashier', pinHash: hashPin('2222', TEST_COST) },
      { id: 'morgan', name: 'Morgan', role: 'manager', pinHash: hashPin('9999', TEST_COST) },
    ],
  };
}
