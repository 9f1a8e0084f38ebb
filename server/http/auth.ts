import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/**
 * Checks `Authorization: Bearer <token>` in constant time. Both sides are hashed first so the
 * comparison neither short-circuits on the first differing byte nor leaks the token's length.
 */
export function bearerChecker(expectedToken: string): (header: string | undefined) => BearerCheck {
  if (expectedToken.length === 0) throw new Error('sync token must not be empty');
  const expected = digest(expectedToken);
  return (header) => {
    if (header === undefined || header.length === 0) return { ok: false, reason: 'missing' };
    const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
    if (match?.[1] === undefined) return { ok: false, reason: 'malformed' };
    return timingSafeEqual(digest(match[1]), expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
