import { randomBytes, scryptSync } from 'node:crypto';
import { checkStoreDocument, type StoreDocumentWire } from '../../shared/store-data.js';
import type { StaffDocument } from '../../shared/menu/staff.js';
import type { SetStaff, StaffView } from '../../shared/sync/menu-api.js';
import { HttpError } from '../http/errors.js';
import type { StoreDataService } from '../store-data/store-data-service.js';

/** The stations' format and cost (electron/core/staff/pin-hash.ts verifies it): 2^14, r 8, p 1, 16-byte salt, 32-byte key. */
const COST = { N: 16_384, r: 8, p: 1 };

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, 32, { ...COST, maxmem: 256 * COST.N * COST.r });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function staffOf(held: StoreDocumentWire | undefined): StaffDocument | undefined {
  if (held === undefined) return undefined;
  const checked = checkStoreDocument(held);
  return checked.ok && checked.document.kind === 'staff' ? checked.document.body : undefined;
}

export function staffView(held: StoreDocumentWire | undefined): StaffView {
  const staff = staffOf(held);
  return {
    version: held?.version ?? 0,
    requireSignIn: staff?.requireSignIn ?? true,
    members: (staff?.members ?? []).map(({ id, name, role }) => ({ id, name, role })),
  };
}

/** Writes the staff document: a new PIN is hashed here; a member sent without one keeps the hash held. */
export async function setStaff(storeData: Pick<StoreDataService, 'writeAsServer'>, storeId: string, request: SetStaff): Promise<StaffView> {
  const written = await storeData.writeAsServer(storeId, 'staff', async (held) => {
    const before = new Map((staffOf(held)?.members ?? []).map((m) => [m.id, m.pinHash]));
    const members = request.members.map((member, index) => {
      const pinHash = member.pin === undefined ? before.get(member.id) : hashPin(member.pin);
      if (pinHash === undefined)
        throw new HttpError(
          422,
          'pin_required',
          `members[${index}].pin: "${member.id}" is new and needs a PIN`,
          {},
          { field: `members[${index}].pin` },
        );
      return { id: member.id, name: member.name, role: member.role, pinHash };
    });
    return { members, requireSignIn: request.requireSignIn };
  });
  return staffView(written);
}
