import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStationConfig } from '../electron/core/config.js';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

describe('README', () => {
  it('starts with the two commands', () => {
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });

  it('names only files and folders that exist in the layout and the write flow', () => {
    const section = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## The screens'));
    const named = [...section.matchAll(/`([a-z][\w./-]*\/|[a-z][\w/-]*\.(?:ts|js|cjs|json))`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(20);
    // Folder names in the station core's table are relative to electron/core/; a bare file name sits in its row's folder.
    const electronFiles = new Set(
      readdirSync(resolve(root, 'electron'), { recursive: true, encoding: 'utf8' }).map((path) => basename(path)),
    );
    const exists = (name: string) =>
      name.includes('/') ? existsSync(resolve(root, name)) || existsSync(resolve(root, 'electron/core', name)) : electronFiles.has(name);
    const missing = named.filter((name) => !exists(name));
    expect(missing).toEqual([]);
  });

  it('shows a station.json the station accepts', () => {
    const section = readme.slice(readme.indexOf('## Running against real hardware'));
    const json = section.slice(section.indexOf('```json') + 7, section.indexOf('```', section.indexOf('```json') + 7));
    const config = parseStationConfig(JSON.parse(json), 'README.md');
    expect(config.devices.printers.map((p) => p.id)).toEqual(['receipt', 'grill']);
  });
});
