import { ConfigError } from '../config.js';
import type { StaffDocument } from '../../../shared/menu/staff.js';
import type { StationRole } from '../station-role.js';
import { DEMO_STAFF } from './demo-staff.js';
import { SIGN_IN_DISABLED, StaffConfig, type StaffConfigInput, type StaffSection } from './staff-config.js';

/** Who signs in and who approves on this station, decided once at start. */
export type StaffChoice =
  /** A team: sign-in (on a counter) and manager approvals. `demo`: the published demo PINs. */
  | { kind: 'team'; config: StaffConfig; demo: boolean; fromStore?: true }
  /** Sign-in turned off in so many words: nothing is approved by anyone. */
  | { kind: 'disabled' }
  /** A kitchen station without staff: no till, and nobody to approve settings changes from a window. */
  | { kind: 'none' };

export const NO_STAFF_MESSAGE = `This counter station has no "staff" section in its config, so nobody would need a PIN and refunds would need no approval. Add one of:
  "staff": { "members": [ { "id": "alex", "name": "Alex", "role": "cashier", "pinHash": "<from hashPin>" }, ... ] }   (your team; README "Staff and PINs")
  "staff": { "demo": true }   (the demo team, PINs 1111 and 9999: never in a shop)
  "staff": { "signIn": "${SIGN_IN_DISABLED}" }   (no sign-in, no approvals)`;

/**
 * `override` is what a launcher or test hands the station directly (it wins over the file's section).
 * Refuses a counter without any choice made: the demo team is only ever there because someone asked.
 */
export function chooseStaff(
  role: StationRole,
  section: StaffSection | undefined,
  override?: StaffSection,
  /** The store's staff document (store data from the server), used when neither names a team. */
  fromStore?: StaffDocument,
): StaffChoice {
  const chosen = override ?? section;
  if (chosen === undefined && fromStore !== undefined && fromStore.members.length > 0) {
    const config = StaffConfig.parse({ members: fromStore.members, requireSignIn: fromStore.requireSignIn });
    return { kind: 'team', config, demo: false, fromStore: true };
  }
  if (chosen === undefined) {
    if (role === 'kitchen') return { kind: 'none' };
    throw new ConfigError(NO_STAFF_MESSAGE);
  }
  if ('signIn' in chosen) return { kind: 'disabled' };
  if ('demo' in chosen) return { kind: 'team', config: StaffConfig.parse(DEMO_STAFF), demo: true };
  return { kind: 'team', config: StaffConfig.parse(chosen satisfies StaffConfigInput), demo: false };
}
