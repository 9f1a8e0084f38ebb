import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { CredentialView } from '../../shared/sync/admin.js';
import { textColumn } from '../db/columns.js';
import type { Database, SqlRow } from '../db/database.js';

export type Principal =
  | {
      kind: 'station';
      credentialId: string;
      storeId: string;
      /** null: any station of the store (embedded mode). */ stationId: string | null;
    }
  | { kind: 'channel'; credentialId: string; storeId: string; origin: string; channel: string }
  | { kind: 'admin' };

export type StorePrincipal = Exclude<Principal, { kind: 'admin' }>;

/** NOTIFY channel telling every instance to forget cached credentials (a revocation happened). */
export const AUTH_CHANNEL = 'pos_auth';

const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 10_000;

/**
 * Tokens are 256 random bits, so a plain SHA-256 is enough to store them: a slow password hash
 * protects guessable secrets, and nobody can guess these. The prefix (`pos_st_`, `pos_ch_`) makes a
 * leaked token recognisable to secret scanners and to people.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export function newToken(kind: 'station' | 'channel'): string {
  return `${kind === 'station' ? 'pos_st_' : 'pos_ch_'}${randomBytes(32).toString('base64url')}`;
}

function newCredentialId(): string {
  return `cred_${randomBytes(9).toString('base64url')}`;
}

export class CredentialError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}

/** Stores and the credentials that may act in them; verification is cached briefly per instance. */
export class CredentialStore {
  private readonly cache = new Map<string, { principal: StorePrincipal; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async createStore(id: string, name: string): Promise<{ created: boolean }> {
    const rows = await this.db.query(
      'INSERT INTO stores (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id',
      [id, name, this.nowIso()],
    );
    return { created: rows.length > 0 };
  }

  async listStores(): Promise<{ id: string; name: string; createdAt: string }[]> {
    const rows = await this.db.query('SELECT id, name, created_at FROM stores ORDER BY id');
    return rows.map((row) => ({ id: textColumn(row, 'id'), name: textColumn(row, 'name'), createdAt: isoColumn(row, 'created_at') }));
  }

  async storeExists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM stores WHERE id = $1', [id])).length > 0;
  }

  async issueStation(storeId: string, stationId: string, label?: string): Promise<{ credential: CredentialView; token: string }> {
    const token = newToken('station');
    const credential = await this.insert({ storeId, kind: 'station', subject: stationId, channel: null, label: label ?? null, token });
    if (credential === undefined) throw new Error('credential insert returned no row');
    return { credential, token };
  }

  async issueChannel(
    storeId: string,
    origin: string,
    channel: string,
    label?: string,
  ): Promise<{ credential: CredentialView; token: string }> {
    const token = newToken('channel');
    const credential = await this.insert({ storeId, kind: 'channel', subject: origin, channel, label: label ?? null, token });
    if (credential === undefined) throw new Error('credential insert returned no row');
    return { credential, token };
  }

  /**
   * Makes sure a credential with exactly this secret exists (embedded bootstrap: the launcher keeps
   * the secret in its data directory). Idempotent; a revoked one stays revoked.
   */
  async ensureCredential(spec: {
    storeId: string;
    kind: 'station' | 'channel';
    subject: string | null;
    channel?: string;
    token: string;
    label?: string;
  }): Promise<void> {
    if (spec.token.length < 16) throw new Error('a bootstrap credential secret must have at least 16 characters');
    const existing = await this.db.query('SELECT store_id, kind, subject FROM credentials WHERE secret_hash = $1', [hashToken(spec.token)]);
    const row = existing[0];
    if (row !== undefined) {
      if (row['store_id'] !== spec.storeId || row['kind'] !== spec.kind || row['subject'] !== spec.subject) {
        throw new Error('this secret is already issued for another store, kind or subject');
      }
      return;
    }
    // Two instances bootstrapping at once: the loser's insert finds the winner's row and does nothing.
    await this.insert({ ...spec, channel: spec.channel ?? null, label: spec.label ?? 'bootstrap' }, { allowExisting: true });
  }

  async revoke(credentialId: string): Promise<CredentialView> {
    const rows = await this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE credentials SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1
         RETURNING id, store_id, kind, subject, channel, label, created_at, revoked_at`,
        [credentialId, this.nowIso()],
      );
      if (updated.length > 0) await tx.query('SELECT pg_notify($1, $2)', [AUTH_CHANNEL, credentialId]);
      return updated;
    });
    const row = rows[0];
    if (row === undefined) throw new CredentialError('not_found', `no credential ${credentialId}`);
    this.forgetCached();
    return toView(row);
  }

  /**
   * Revokes the credential holding this secret, if there is one still active (a launcher retiring
   * a secret it no longer uses). Returns whether one was revoked.
   */
  async revokeSecret(token: string): Promise<boolean> {
    const [row] = await this.db.query('SELECT id FROM credentials WHERE secret_hash = $1 AND revoked_at IS NULL', [hashToken(token)]);
    if (row === undefined) return false;
    await this.revoke(textColumn(row, 'id'));
    return true;
  }

  async list(storeId: string): Promise<CredentialView[]> {
    const rows = await this.db.query(
      'SELECT id, store_id, kind, subject, channel, label, created_at, revoked_at FROM credentials WHERE store_id = $1 ORDER BY created_at, id',
      [storeId],
    );
    return rows.map(toView);
  }

  /** The principal a bearer token stands for, or undefined (unknown or revoked). */
  async verify(token: string): Promise<StorePrincipal | undefined> {
    const hash = hashToken(token);
    const now = this.clock.now();
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.expiresAt > now) return cached.principal;
    const [row] = await this.db.query(
      'SELECT id, store_id, kind, subject, channel FROM credentials WHERE secret_hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    if (row === undefined) {
      this.cache.delete(hash);
      return undefined;
    }
    const subject = row['subject'];
    const principal: StorePrincipal =
      row['kind'] === 'station'
        ? {
            kind: 'station',
            credentialId: textColumn(row, 'id'),
            storeId: textColumn(row, 'store_id'),
            stationId: typeof subject === 'string' ? subject : null,
          }
        : {
            kind: 'channel',
            credentialId: textColumn(row, 'id'),
            storeId: textColumn(row, 'store_id'),
            origin: textColumn(row, 'subject'),
            channel: textColumn(row, 'channel'),
          };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { principal, expiresAt: now + CACHE_TTL_MS });
    return principal;
  }

  /** Called on a revocation anywhere: the next request re-reads the database. */
  forgetCached(): void {
    this.cache.clear();
  }

  private async insert(
    spec: {
      storeId: string;
      kind: 'station' | 'channel';
      subject: string | null;
      channel: string | null;
      label: string | null;
      token: string;
    },
    options: { allowExisting?: boolean } = {},
  ): Promise<CredentialView | undefined> {
    if (!(await this.storeExists(spec.storeId))) throw new CredentialError('not_found', `no store ${spec.storeId}`);
    const [row] = await this.db.query(
      `INSERT INTO credentials (id, store_id, kind, subject, channel, secret_hash, label, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (secret_hash) DO NOTHING
       RETURNING id, store_id, kind, subject, channel, label, created_at, revoked_at`,
      [newCredentialId(), spec.storeId, spec.kind, spec.subject, spec.channel, hashToken(spec.token), spec.label, this.nowIso()],
    );
    if (row === undefined) {
      if (options.allowExisting) return undefined;
      throw new Error('credential insert returned no row');
    }
    return toView(row);
  }

  private nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function nullableText(row: SqlRow, name: string): string | null {
  const value = row[name];
  return typeof value === 'string' ? value : null;
}

export function isoColumn(row: SqlRow, name: string): string {
  const value = row[name];
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError(`column ${name}: expected a timestamp`);
}

function toView(row: SqlRow): CredentialView {
  const revoked = row['revoked_at'];
  return {
    id: textColumn(row, 'id'),
    storeId: textColumn(row, 'store_id'),
    kind: row['kind'] === 'channel' ? 'channel' : 'station',
    subject: nullableText(row, 'subject'),
    channel: nullableText(row, 'channel'),
    label: nullableText(row, 'label'),
    createdAt: isoColumn(row, 'created_at'),
    revokedAt: revoked === null || revoked === undefined ? null : isoColumn(row, 'revoked_at'),
  };
}
