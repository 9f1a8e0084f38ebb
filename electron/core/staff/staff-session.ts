import type { Actor } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { StaffSessionView, StaffView } from '../../../shared/ipc/commands/staff.js';
import { silentLogger, type Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import { z } from 'zod';
import { fail, type Refusal, type ServiceResult } from '../orders/result.js';
import type { Approval, ApprovalGate } from './approvals.js';
import { verifyPin, verifyPinAsync } from './pin-hash.js';
import type { StaffConfig, StaffMember } from './staff-config.js';

/** Where the session survives a restart: the station's settings table. */
export interface SettingsStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}

export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 30_000;
const SESSION_KEY = 'staff.session';

const StoredSession = z.object({ staffId: z.string(), signedInAt: z.int() }).nullable();

const viewOf = ({ id, name, role }: StaffMember): StaffView => ({ id, name, role });

/**
 * Who is signed in at this till (one person at a time, station-wide) and PIN checks for sign-in and
 * manager approval. Wrong PINs are counted across both: five in a row pause every PIN check for 30 s,
 * so an approval prompt cannot be used to guess a manager's PIN either. The counter lives in memory:
 * a restart clears it, which takes long enough not to help a guesser.
 */
export class StaffSessions implements ApprovalGate {
  readonly enforced = true;
  private readonly byId: ReadonlyMap<string, StaffMember>;
  private readonly listeners: ListenerSet<StaffSessionView>;
  private wrongInARow = 0;
  private lockedUntil = 0;

  constructor(
    private readonly config: StaffConfig,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    logger: Logger = silentLogger,
  ) {
    this.listeners = new ListenerSet((error) => logger.error({ err: error }, 'staff session listener failed'));
    this.byId = new Map(config.members.map((m) => [m.id, m]));
  }

  get requireSignIn(): boolean {
    return this.config.requireSignIn;
  }

  list(): StaffView[] {
    return this.config.members.map(viewOf);
  }

  member(staffId: string): StaffView | undefined {
    const found = this.byId.get(staffId);
    return found ? viewOf(found) : undefined;
  }

  current(): StaffSessionView {
    const stored = this.stored();
    const member = stored ? this.byId.get(stored.staffId) : undefined;
    // Someone removed from station.json since signing in is signed out by the restart.
    return member && stored
      ? { requireSignIn: this.config.requireSignIn, signedIn: viewOf(member), signedInAt: stored.signedInAt }
      : { requireSignIn: this.config.requireSignIn, signedIn: null, signedInAt: null };
  }

  /** Who events are written as: the signed-in person, or undefined (the station's device actor). */
  actor(): Actor | undefined {
    const signedIn = this.current().signedIn;
    return signedIn ? { kind: 'staff', id: signedIn.id } : undefined;
  }

  onChange(listener: (session: StaffSessionView) => void): () => void {
    return this.listeners.add(listener);
  }

  /** With `staffId` the PIN must be that person's; without, it must match exactly one person. */
  async signIn(pin: string, staffId?: string): Promise<ServiceResult<StaffSessionView>> {
    const locked = this.lockedOut();
    if (locked) return locked;
    let member: StaffMember | undefined;
    if (staffId !== undefined) {
      const chosen = this.byId.get(staffId);
      if (!chosen) return fail('not_found', `No staff member "${staffId}" on this station`);
      member = (await verifyPinAsync(pin, chosen.pinHash)) ? chosen : undefined;
    } else {
      // Every hash is checked, so the time taken does not tell how far down the list a PIN matched.
      const checks = await Promise.all(this.config.members.map((m) => verifyPinAsync(pin, m.pinHash)));
      const matches = this.config.members.filter((_, i) => checks[i]);
      if (matches.length > 1) return fail('bad_request', 'That PIN belongs to more than one person: choose your name first');
      member = matches[0];
    }
    // A lockout another attempt triggered while this one was hashing still holds.
    const lockedMeanwhile = this.lockedOut();
    if (lockedMeanwhile) return lockedMeanwhile;
    if (!member) return this.wrongPin('Wrong PIN');
    this.wrongInARow = 0;
    this.save({ staffId: member.id, signedInAt: this.clock.now() });
    return { ok: true, value: this.current() };
  }

  signOut(): StaffSessionView {
    if (this.stored() !== null) this.save(null);
    return this.current();
  }

  /**
   * A signed-in manager approves by being there; anyone else needs a manager's PIN typed in. Called
   * inside the order's write transaction, so it hashes synchronously: one check per manager.
   */
  approve(action: string, managerPin: string | undefined): Approval {
    const signedIn = this.current().signedIn;
    if (signedIn?.role === 'manager') return { ok: true, approvedBy: signedIn.id };
    if (managerPin === undefined) return fail('approval_required', `A manager must approve: ${action}`);
    const locked = this.lockedOut();
    if (locked) return locked;
    const manager = this.config.members.filter((m) => m.role === 'manager' && verifyPin(managerPin, m.pinHash))[0];
    if (!manager) {
      const refused = this.wrongPin('That is not a manager PIN');
      return refused.error.code === 'locked_out' ? refused : fail('approval_denied', `${refused.error.message}: ${action} was not done`);
    }
    this.wrongInARow = 0;
    return { ok: true, approvedBy: manager.id };
  }

  private lockedOut(): Refusal | undefined {
    const now = this.clock.now();
    if (now < this.lockedUntil) {
      const seconds = Math.ceil((this.lockedUntil - now) / 1000);
      return fail('locked_out', `Too many wrong PINs: try again in ${seconds} s`);
    }
    if (this.lockedUntil !== 0) {
      this.lockedUntil = 0;
      this.wrongInARow = 0;
    }
    return undefined;
  }

  private wrongPin(message: string): Refusal {
    this.wrongInARow += 1;
    if (this.wrongInARow >= MAX_WRONG_PINS) {
      this.lockedUntil = this.clock.now() + LOCKOUT_MS;
      return fail('locked_out', `${MAX_WRONG_PINS} wrong PINs in a row: PIN entry is paused for ${LOCKOUT_MS / 1000} s`);
    }
    const left = MAX_WRONG_PINS - this.wrongInARow;
    return fail('wrong_pin', `${message} (${left} ${left === 1 ? 'try' : 'tries'} left before a ${LOCKOUT_MS / 1000} s pause)`);
  }

  private stored(): z.infer<typeof StoredSession> {
    const raw = this.settings.getSetting(SESSION_KEY);
    if (raw === undefined) return null;
    const parsed = StoredSession.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error(`settings.${SESSION_KEY} is corrupt: ${parsed.error.message}`);
    return parsed.data;
  }

  private save(session: z.infer<typeof StoredSession>): void {
    this.settings.setSetting(SESSION_KEY, JSON.stringify(session));
    const view = this.current();
    this.listeners.emit(view);
  }
}
