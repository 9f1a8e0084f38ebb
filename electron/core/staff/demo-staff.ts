import type { StaffConfigInput } from './staff-config.js';

/**
 * Staff for the demo (`npm start`) and tests: Alex (cashier, PIN 1111) and Morgan (manager, PIN 9999).
 * The hashes are precomputed with `hashPin` so startup does not spend time on scrypt.
 */
export const DEMO_STAFF: StaffConfigInput = {
  requireSignIn: true,
  members: [
    {
      id: 'alex',
      name: 'Alex',
      role: 'cashier',
      pinHash: 'scrypt$16384$8$1$9aK6y2CrhgxY4RlCJpKBhw==$/wVeOTT+YVSYebifKqKqvkvdlX+J3IYzaA49NOy/OHw=',
    },
    {
      id: 'morgan',
      name: 'Morgan',
      role: 'manager',
      pinHash: 'scrypt$16384$8$1$TiJRgA5k9qVy8K1kmutsuA==$x7klbTpJZCPGFkIwOY142ucxJMLGF5N4qHRGC8a3NeA=',
    },
  ],
};

/** The demo PINs, for tests and the start-up notice. */
export const DEMO_PINS = { alex: '1111', morgan: '9999' } as const;
