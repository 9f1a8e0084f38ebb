import { z } from 'zod';
import { StaffId, StaffRole } from '../ipc/commands/staff.js';

/**
 * The store's staff (store data kind `staff`): who may work the tills, with their PIN as a scrypt
 * hash made on the server (`scrypt$N$r$p$<salt>$<hash>`, the format stations verify). The PIN itself
 * is never stored, sent to stations or logged.
 */
export const PIN_HASH_FORMAT = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

export const StaffMemberDocument = z.strictObject({
  id: StaffId,
  name: z.string().trim().min(1).max(60),
  role: StaffRole,
  pinHash: z.string().regex(PIN_HASH_FORMAT, 'pinHash: scrypt$N$r$p$salt$hash'),
});
export type StaffMemberDocument = z.infer<typeof StaffMemberDocument>;

export const StaffDocument = z
  .strictObject({ members: z.array(StaffMemberDocument).max(200), requireSignIn: z.boolean() })
  .refine((d) => new Set(d.members.map((m) => m.id)).size === d.members.length, { message: 'staff ids must be unique', path: ['members'] });
export type StaffDocument = z.infer<typeof StaffDocument>;
