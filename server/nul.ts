/**
 * PostgreSQL text and jsonb cannot hold U+0000, and JSON can carry it ("\u0000"). Storing such a
 * string fails deep in the database, so it is refused at the edge with the path of the culprit.
 */
export function findNul(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? (path.length === 0 ? '(root)' : path.join('.')) : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key.replace(/\u0000/g, '\\u0000')].join('.');
      const found = findNul(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A copy safe to store as evidence: U+0000 replaced by U+FFFD, in keys and values. */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\u0000/g, '\uFFFD');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/\u0000/g, '\uFFFD'), withoutNul(v)]));
  }
  return value;
}
