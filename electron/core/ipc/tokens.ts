import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { WindowRole } from '../../../shared/ipc/contract.js';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Maps window access tokens to roles, comparing in constant time so a token cannot be guessed byte by byte. */
export class TokenRegistry {
  private readonly entries: { digest: Buffer; role: WindowRole }[];

  /** A role without a token (a window the station does not serve) can never be authenticated as. */
  constructor(tokens: Readonly<Partial<Record<WindowRole, string>>>) {
    this.entries = Object.entries(tokens).flatMap(([role, token]) => (token ? [{ digest: digest(token), role: role as WindowRole }] : []));
  }

  roleFor(token: string): WindowRole | undefined {
    const candidate = digest(token);
    let found: WindowRole | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, candidate)) found = entry.role;
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
