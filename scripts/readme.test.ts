import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStationConfig } from '../electron/core/config.js';

const readme = readFileSync(resolve(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('starts with the two commands', () => {
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });

  it('shows a station.json the station accepts', () => {
    const section = readme.slice(readme.indexOf('## Running against real hardware'));
    const json = section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7));
    const config = parseStationConfig(JSON.parse(json), 'README.md');
    expect(config.devices.printers.map((p) => p.id)).toEqual(['receipt', 'grill']);
  });
});
