import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../../shared/clock.js';
import { PairableRole } from '../../../shared/ipc/commands/windows.js';
import type { Db } from '../db/open-database.js';
import { generateToken } from '../ipc/tokens.js';

export interface PairedDevice {
  id: string;
  name: string;
  role: PairableRole;
  pairedAt: number;
  pairedFrom: string | null;
  lastSeenAt: number | null;
}

interface Row {
  id: string;
  name: string;
  role: string;
  paired_at: number;
  paired_from: string | null;
  last_seen_at: number | null;
}

/** Last-seen is written at most this often per device: a chatty kitchen screen must not write on every ping. */
const SEEN_WRITE_INTERVAL_MS = 60_000;

/**
 * Paired LAN windows, in the station database: each holds a token of its own, of which only the
 * SHA-256 is stored (a copied database does not hand out working tokens). Revoking keeps the row for
 * the record and stops the token at once.
 */
export class DeviceRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  add(role: PairableRole, name: string, address: string | null): { device: PairedDevice; token: string } {
    const token = generateToken();
    const device: PairedDevice = { id: randomUUID(), name, role, pairedAt: this.clock.now(), pairedFrom: address, lastSeenAt: null };
    this.db
      .prepare('INSERT INTO window_devices (id, name, role, token_sha256, paired_at, paired_from) VALUES (?, ?, ?, ?, ?, ?)')
      .run(device.id, name, role, sha256(token), device.pairedAt, address);
    return { device, token };
  }

  /** The live device a token belongs to; undefined for an unknown or revoked one. */
  find(token: string): PairedDevice | undefined {
    const row = this.db
      .prepare<[Buffer], Row>(
        'SELECT id, name, role, paired_at, paired_from, last_seen_at FROM window_devices WHERE token_sha256 = ? AND revoked_at IS NULL',
      )
      .get(sha256(token));
    return row ? toDevice(row) : undefined;
  }

  list(): PairedDevice[] {
    return this.db
      .prepare<[], Row>(
        'SELECT id, name, role, paired_at, paired_from, last_seen_at FROM window_devices WHERE revoked_at IS NULL ORDER BY paired_at, id',
      )
      .all()
      .flatMap((row) => toDevice(row) ?? []);
  }

  /** False when there is no such live device. */
  revoke(id: string): boolean {
    return (
      this.db.prepare('UPDATE window_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.clock.now(), id).changes > 0
    );
  }

  seen(device: PairedDevice): void {
    const now = this.clock.now();
    if (device.lastSeenAt !== null && now - device.lastSeenAt < SEEN_WRITE_INTERVAL_MS) return;
    device.lastSeenAt = now;
    this.db.prepare('UPDATE window_devices SET last_seen_at = ? WHERE id = ?').run(now, device.id);
  }
}

function toDevice(row: Row): PairedDevice | undefined {
  // A row with a role this build does not pair counts as no device rather than a wider one.
  const role = PairableRole.safeParse(row.role);
  if (!role.success) return undefined;
  return {
    id: row.id,
    name: row.name,
    role: role.data,
    pairedAt: row.paired_at,
    pairedFrom: row.paired_from,
    lastSeenAt: row.last_seen_at,
  };
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
