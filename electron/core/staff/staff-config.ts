import { z } from 'zod';
import { StaffId, StaffRole } from '../../../shared/ipc/commands/staff.js';
import { parsePinHash } from './pin-hash.js';

/** One person who may work the till; `pinHash` comes from `hashPin` (never the PIN itself). */
export const StaffMember = z
  .object({
    id: StaffId,
    name: z.string().trim().min(1).max(60),
    role: StaffRole,
    pinHash: z.string().refine((h) => parsePinHash(h) !== undefined, 'pinHash must be scrypt$N$r$p$salt$hash as made by hashPin'),
  })
  .strict();
export type StaffMember = z.infer<typeof StaffMember>;

/**
 * The `staff` section of station.json. With `requireSignIn`, selling, payments, the drawer and shifts
 * need someone signed in, cash needs an open shift, and guarded actions need a manager.
 */
export const StaffConfig = z
  .object({
    members: z.array(StaffMember).min(1).max(200),
    requireSignIn: z.boolean().default(true),
  })
  .strict()
  .refine((c) => new Set(c.members.map((m) => m.id)).size === c.members.length, { message: 'staff ids must be unique', path: ['members'] });
export type StaffConfig = z.output<typeof StaffConfig>;
export type StaffConfigInput = z.input<typeof StaffConfig>;
