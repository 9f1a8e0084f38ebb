import type { z } from 'zod';
import { formatIssues } from '../issues.js';
import { findNul } from '../nul.js';
import { HttpError } from './errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/** zod at the edge: a failure is a 400 naming the failing paths. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, options: { allowNul?: boolean } = {}): z.output<S> {
  // Before any recursive walk (the NUL search, zod, storing the evidence) can overflow the stack on it.
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new HttpError(400, 'bad_request', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  if (!options.allowNul) {
    const nul = findNul(value);
    if (nul !== undefined) throw new HttpError(400, 'bad_request', `${nul}: NUL characters (\\u0000) are not allowed`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, 'bad_request', formatIssues(parsed.error.issues));
  }
  return parsed.data;
}

/** `?cursor=&limit=` means "use the defaults", not "cursor 0, limit 0". */
export function withoutEmptyValues(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}
