import type { Actor } from '../../../shared/events.js';
import type { Clock } from '../../../shared/clock.js';
import type { StaffSessionView, StaffView } from '../../../shared/ipc/commands/staff.js';
import { silentLogger, type Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import { z } from 'zod';
import { fail, type Refusal, type ServiceResult } from '../orders/result.js';
import type { Approval, ApprovalGate } from './approvals.js';
import { verifyPin, verifyPinAsync } from './pin-hash.js';
import type { LockoutKey, PinLockouts } from './pin-lockouts.js';
import { currentCaller } from '../ipc/call-scope.js';
import type { Scheduler, TimerHandle } from '../sync/scheduler.js';
import type { StaffConfig, StaffMember } from './staff-config.js';

/** Where the session survives a restart: the station's settings table. */
export interface SettingsStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;
}

const SESSION_KEY = 'staff.session';

const StoredSession = z.object({ staffId: z.string(), signedInAt: z.int() }).nullable();

const viewOf = ({ id, name, role }: StaffMember): StaffView => ({ id, name, role });

export interface StaffSessionOptions {
  /** Wrong-PIN counters, kept in the station database. */
  lockouts: PinLockouts;
  logger?: Logger;
  /** Wakes the idle sign-out so windows hear of it; without one, it happens at the next command. */
  scheduler?: Scheduler;
  /** The demo team (published PINs) is signing in: windows say so. */
  demo?: boolean;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Who is signed in at this till (one person at a time, station-wide) and PIN checks for sign-in and
 * approvals. Wrong PINs pause PIN entry by the rule in pin-lockouts.ts, counted per client (the window
 * credential and address that typed them: every sign-in and approval) and per person (sign-in naming
 * them); a right PIN clears both. Approvals always take the approver's PIN, even from a signed-in
 * manager, so an unattended till with a manager signed in approves nothing. Nobody is signed in for
 * longer than `idleSignOutMinutes` without working the till.
 */
export class StaffSessions implements ApprovalGate {
  readonly enforced = true;
  private byId: ReadonlyMap<string, StaffMember>;
  private readonly listeners: ListenerSet<StaffSessionView>;
  private readonly lockouts: PinLockouts;
  private readonly scheduler: Scheduler | undefined;
  private readonly demo: boolean;
  private readonly logger: Logger;
  /** The last time the signed-in person worked the till; a restart counts as activity. */
  private lastActivity: number;
  private idleTimer: TimerHandle | undefined;

  constructor(
    private config: StaffConfig,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    options: StaffSessionOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.listeners = new ListenerSet((error) => this.logger.error({ err: error }, 'staff session listener failed'));
    this.byId = new Map(config.members.map((m) => [m.id, m]));
    this.lockouts = options.lockouts;
    this.scheduler = options.scheduler;
    this.demo = options.demo ?? false;
    this.lastActivity = clock.now();
    this.armIdleTimer();
  }

  /**
   * The store's staff changed (a new staff document from the server): PINs and roles follow at once.
   * Whoever is signed in and is no longer on the team shows signed out at the next look.
   */
  useMembers(members: readonly StaffMember[]): void {
    if (members.length === 0) return;
    this.config = { ...this.config, members: [...members] };
    this.byId = new Map(members.map((m) => [m.id, m]));
    this.listeners.emit(this.current());
  }

  get requireSignIn(): boolean {
    return this.config.requireSignIn;
  }

  private get idleMs(): number {
    return this.config.idleSignOutMinutes * 60_000;
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
    if (member && this.idleExpired()) return this.signOutIdle(member);
    return this.view(member && stored ? { member, signedInAt: stored.signedInAt } : undefined);
  }

  /** Who events are written as: the signed-in person, or undefined (the station's device actor). */
  actor(): Actor | undefined {
    const signedIn = this.current().signedIn;
    return signedIn ? { kind: 'staff', id: signedIn.id } : undefined;
  }

  onChange(listener: (session: StaffSessionView) => void): () => void {
    return this.listeners.add(listener);
  }

  /** The signed-in person worked the till: the idle sign-out starts counting again. */
  touch(): void {
    this.lastActivity = this.clock.now();
  }

  /** With `staffId` the PIN must be that person's; without, it must match exactly one person. */
  async signIn(pin: string, staffId?: string): Promise<ServiceResult<StaffSessionView>> {
    const client: LockoutKey = { kind: 'client', id: currentCaller() };
    const chosen = staffId === undefined ? undefined : this.byId.get(staffId);
    if (staffId !== undefined && !chosen) return fail('not_found', `No staff member "${staffId}" on this station`);
    const keys: LockoutKey[] = chosen ? [client, { kind: 'staff', id: chosen.id }] : [client];
    const locked = this.lockedOut(keys, chosen);
    if (locked) return locked;
    let member: StaffMember | undefined;
    if (chosen) {
      member = (await verifyPinAsync(pin, chosen.pinHash)) ? chosen : undefined;
    } else {
      // Every hash is checked, so the time taken does not tell how far down the list a PIN matched.
      const checks = await Promise.all(this.config.members.map((m) => verifyPinAsync(pin, m.pinHash)));
      const matches = this.config.members.filter((_, i) => checks[i]);
      if (matches.length > 1) return fail('bad_request', 'That PIN belongs to more than one person: choose your name first');
      member = matches[0];
    }
    // A lockout another attempt triggered while this one was hashing still holds.
    const lockedMeanwhile = this.lockedOut(keys, chosen);
    if (lockedMeanwhile) return lockedMeanwhile;
    if (!member) return this.wrongPin(keys, 'Wrong PIN', chosen);
    this.rightPin(client, member);
    this.lastActivity = this.clock.now();
    this.save({ staffId: member.id, signedInAt: this.clock.now() });
    this.armIdleTimer();
    return { ok: true, value: this.current() };
  }

  signOut(): StaffSessionView {
    if (this.stored() !== null) this.save(null);
    return this.current();
  }

  /**
   * Approval takes a manager's PIN every time, typed for this action. Called inside the order's write
   * transaction, so it hashes synchronously: one check per manager.
   */
  approve(action: string, managerPin: string | undefined): Approval {
    if (managerPin === undefined) {
      return fail('approval_required', `A manager's PIN is needed to approve: ${action} (asked every time, even with a manager signed in)`);
    }
    const client: LockoutKey = { kind: 'client', id: currentCaller() };
    const locked = this.lockedOut([client]);
    if (locked) return locked;
    const manager = this.config.members.filter((m) => m.role === 'manager' && verifyPin(managerPin, m.pinHash))[0];
    if (!manager) {
      const refused = this.wrongPin([client], 'That is not a manager PIN');
      return refused.error.code === 'locked_out' ? refused : fail('approval_denied', `${refused.error.message}: ${action} was not done`);
    }
    this.rightPin(client, manager);
    return { ok: true, approvedBy: manager.id };
  }

  /** Whether any manager is configured: without one, nothing that needs approval can be approved here. */
  get hasManager(): boolean {
    return this.config.members.some((m) => m.role === 'manager');
  }

  stop(): void {
    this.idleTimer?.cancel();
    this.idleTimer = undefined;
  }

  private view(signed: { member: StaffMember; signedInAt: number } | undefined): StaffSessionView {
    return {
      requireSignIn: this.config.requireSignIn,
      signedIn: signed ? viewOf(signed.member) : null,
      signedInAt: signed ? signed.signedInAt : null,
      ...(this.demo ? { demoPins: true as const } : {}),
    };
  }

  private idleExpired(): boolean {
    return this.idleMs > 0 && this.clock.now() - this.lastActivity >= this.idleMs;
  }

  private signOutIdle(member: StaffMember): StaffSessionView {
    this.logger.info({ staffId: member.id, idleMinutes: this.config.idleSignOutMinutes }, 'signed out after no activity');
    this.save(null);
    return this.view(undefined);
  }

  /** One timer at a time, due when the idle limit would pass; activity since moves it on when it fires. */
  private armIdleTimer(): void {
    this.idleTimer?.cancel();
    this.idleTimer = undefined;
    if (!this.scheduler || this.idleMs <= 0 || this.stored() === null) return;
    const due = Math.max(0, this.lastActivity + this.idleMs - this.clock.now());
    this.idleTimer = this.scheduler.schedule(due, () => {
      this.idleTimer = undefined;
      try {
        this.current(); // signs out when idle, which tells the windows
        this.armIdleTimer();
      } catch (error) {
        this.logger.error({ err: error }, 'idle sign-out check failed');
      }
    });
  }

  private lockedOut(keys: readonly LockoutKey[], person?: StaffMember): Refusal | undefined {
    const until = this.lockouts.lockedUntil(keys);
    if (until === undefined) return undefined;
    const whose = person ? ` (for this window, or for ${person.name})` : ' from this window';
    return fail('locked_out', `Too many wrong PINs${whose}: try again in ${seconds(until - this.clock.now())} s`);
  }

  private wrongPin(keys: readonly LockoutKey[], message: string, person?: StaffMember): Refusal {
    let pausedUntil = 0;
    let left = Number.POSITIVE_INFINITY;
    for (const key of keys) {
      const outcome = this.lockouts.fail(key);
      pausedUntil = Math.max(pausedUntil, outcome.lockedUntil);
      left = Math.min(left, Math.max(0, this.lockouts.policy.threshold - outcome.failures));
    }
    const now = this.clock.now();
    if (pausedUntil > now) {
      this.logger.warn({ staffId: person?.id, client: currentCaller() }, 'PIN entry paused after wrong PINs');
      return fail('locked_out', `Too many wrong PINs in a row: PIN entry is paused for ${seconds(pausedUntil - now)} s`);
    }
    const pause = seconds(this.lockouts.policy.baseMs);
    return fail('wrong_pin', `${message} (${left} ${left === 1 ? 'try' : 'tries'} left before a ${pause} s pause)`);
  }

  private rightPin(client: LockoutKey, member: StaffMember): void {
    this.lockouts.succeed(client);
    this.lockouts.succeed({ kind: 'staff', id: member.id });
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
    if (session === null) {
      this.idleTimer?.cancel();
      this.idleTimer = undefined;
    }
    this.listeners.emit(this.current());
  }
}
