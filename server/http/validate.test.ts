import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpError } from './errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { parseOr400 } from './validate.js';

const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('parseOr400', () => {
  it('refuses a body nested thousands deep with a 400, not a stack overflow', () => {
    for (const allowNul of [false, true]) {
      const refusal = (() => {
        try {
          parseOr400(z.unknown(), { a: nested(20_000) }, { allowNul });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refusal).toBeInstanceOf(HttpError);
      expect(refusal).toMatchObject({ statusCode: 400, code: 'bad_request', message: expect.stringMatching(/nested deeper than 64/) });
    }
  });

  it('takes ordinary nesting', () => {
    expect(parseOr400(z.unknown(), nested(MAX_JSON_DEPTH))).toEqual(nested(MAX_JSON_DEPTH));
  });
});

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(nestsDeeperThan('x', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(nestsDeeperThan([1, [2, [3]], 'x'], 3)).toBe(false);
  });
});
