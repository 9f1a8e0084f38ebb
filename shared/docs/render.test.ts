import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARBITER_RULES } from '../arbiter/rules.js';
import { DOC_PAGES } from './render.js';

const DOCS = resolve(import.meta.dirname, '..', '..', 'docs');

describe('generated docs pages', () => {
  it.each(Object.keys(DOC_PAGES))('docs/%s matches the definitions it is generated from', (page) => {
    const expected = DOC_PAGES[page]!();
    const path = join(DOCS, page);
    if (process.env['UPDATE_DOCS'] === '1') {
      mkdirSync(DOCS, { recursive: true });
      writeFileSync(path, expected);
    }
    expect(existsSync(path), `${path} is missing: run UPDATE_DOCS=1 npx vitest run shared/docs`).toBe(true);
    expect(readFileSync(path, 'utf8'), 'stale docs page: run UPDATE_DOCS=1 npx vitest run shared/docs').toBe(expected);
  });

  it('lists every arbiter rule with an example that records it', () => {
    const page = DOC_PAGES['arbiter-rules.md']!();
    for (const rule of ARBITER_RULES) expect(page).toContain(`### \`${rule.name}\``);
    expect(page).not.toContain('the example is broken');
  });
});
