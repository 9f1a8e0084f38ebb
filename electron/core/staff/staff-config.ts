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
    /** Whoever is signed in is signed out after this long without working the till; 0 keeps them signed in. */
    idleSignOutMinutes: z
      .int()
      .min(0)
      .max(24 * 60)
      .default(15),
  })
  .strict()
  .refine((c) => new Set(c.members.map((m) => m.id)).size === c.members.length, { message: 'staff ids must be unique', path: ['members'] });
export type StaffConfig = z.output<typeof StaffConfig>;
export type StaffConfigInput = z.input<typeof StaffConfig>;

/** The words that turn staff sign-in off on a counter: whoever reaches a window refunds and changes settings. */
export const SIGN_IN_DISABLED = 'disabled-i-understand-refunds-and-settings-need-no-approval';

const DemoTeam = z.object({ demo: z.literal(true, { error: '"demo" takes true (the demo team) or is left out' }) }).strict();
const SignInOff = z
  .object({ signIn: z.literal(SIGN_IN_DISABLED, { error: `to run a till without sign-in, write "signIn": "${SIGN_IN_DISABLED}"` }) })
  .strict();

/**
 * The `staff` section as station.json may write it: the team (members), the demo team by explicit
 * choice (`{ "demo": true }`: the published PINs 1111 and 9999), or no sign-in at all, said in so many
 * words. A counter station whose config has none of these refuses to start (staff-choice.ts).
 */
export type StaffSection = StaffConfigInput | { demo: true } | { signIn: typeof SIGN_IN_DISABLED };

const schemaFor = (input: unknown) =>
  typeof input === 'object' && input !== null && 'signIn' in input
    ? SignInOff
    : typeof input === 'object' && input !== null && 'demo' in input
      ? DemoTeam
      : StaffConfig;

/** Picks the form by its key, so a mistake is reported against that form, not as "invalid input". */
export const StaffSection = z
  .custom<StaffSection>()
  .transform((input, ctx): StaffConfig | { demo: true } | { signIn: typeof SIGN_IN_DISABLED } => {
    const parsed = schemaFor(input).safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  });
