/**
 * PostgreSQL text and jsonb cannot hold U+0000, and JSON can carry it ("\u0000"). Storing such a
 * string fails deep in the database, so it is refused at the edge with the path of the culprit.
 */
export function findNul(value: unknown): string | undefined {
  // Every pushed event goes through here, so the walk allocates nothing until it finds a NUL;
  // the path is assembled only on the way back out of a hit.
  const reversed = nulPath(value);
  if (reversed === undefined) return undefined;
  return reversed.length === 0 ? '(root)' : reversed.reverse().join('.');
}

/** The path to the first NUL, innermost segment first; undefined when there is none. */
function nulPath(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i]);
      if (found) {
        found.push(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('\u0000')) return [key.replaceAll('\u0000', '\\u0000')];
    const found = nulPath((value as Record<string, unknown>)[key]);
    if (found) {
      found.push(key);
      return found;
    }
  }
  return undefined;
}

/** A copy safe to store as evidence: U+0000 replaced by U+FFFD, in keys and values. */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', '\uFFFD'), withoutNul(v)]));
  }
  return value;
}
