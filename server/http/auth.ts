import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

export type BearerToken = { ok: true; token: string } | { ok: false; reason: 'missing' | 'malformed' };

/** Extracts the token of `Authorization: Bearer <token>`. */
export function parseBearer(header: string | undefined): BearerToken {
  if (header === undefined || header.length === 0) return { ok: false, reason: 'missing' };
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (match?.[1] === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, token: match[1] };
}

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so the
 * comparison neither short-circuits on the first differing byte nor leaks the token's length.
 */
export function bearerChecker(expectedToken: string): (header: string | undefined) => BearerCheck {
  if (expectedToken.length === 0) throw new Error('token must not be empty');
  const expected = digest(expectedToken);
  return (header) => {
    const parsed = parseBearer(header);
    if (!parsed.ok) return parsed;
    return timingSafeEqual(digest(parsed.token), expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
