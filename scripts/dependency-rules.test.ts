import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

/** Runs the project's real dependency-cruiser config over a throwaway tree and returns rule names hit. */
async function violationsFor(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'deprules-'));
  try {
    for (const name of ['.dependency-cruiser.cjs', 'tsconfig.base.json', 'tsconfig.depcruise.json', 'package.json']) {
      cpSync(join(repo, name), join(root, name));
    }
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const folders = [...new Set(Object.keys(files).map((p) => p.split('/')[0]!))];
    const bin = join(repo, 'node_modules', '.bin', 'depcruise');
    const { stdout } = await run(bin, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...folders], {
      cwd: root,
    }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const report = JSON.parse(stdout) as { summary: { violations: { rule: { name: string } }[] } };
    return report.summary.violations.map((v) => v.rule.name).sort();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('folder dependency rules', () => {
  it('allows what the brief allows', async () => {
    expect(
      await violationsFor({
        'shared/a.ts': "import { z } from 'zod';\nexport const a = z.string();\n",
        'drivers/d.ts':
          "import { readFileSync } from 'node:fs';\nimport { a } from '../shared/a.js';\nexport const d = [readFileSync, a];\n",
        'renderer/r.ts': "import { a } from '../shared/a.js';\nexport const r = a;\n",
      }),
    ).toEqual([]);
  });

  it('rejects Node built-ins in shared and renderer', async () => {
    expect(
      await violationsFor({
        'shared/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
        'renderer/r.ts': "import { join } from 'node:path';\nexport const r = join;\n",
      }),
    ).toEqual(['renderer-allowed-imports', 'shared-allowed-imports']);
  });

  it('rejects the renderer reaching into the station core or drivers', async () => {
    expect(
      await violationsFor({
        'drivers/d.ts': 'export const d = 1;\n',
        'renderer/r.ts': "import { d } from '../drivers/d.js';\nexport const r = d;\n",
      }),
    ).toEqual(['renderer-allowed-imports']);
  });

  it('keeps the electron package out of drivers and the core', async () => {
    expect(
      await violationsFor({
        'drivers/d.ts': "import { app } from 'electron';\nexport const d = app;\n",
        'electron/core/c.ts': "import { app } from 'electron';\nexport const c = app;\n",
        'electron/main.ts': "import { app } from 'electron';\nexport const m = app;\n",
      }),
    ).toEqual(['drivers-allowed-imports', 'electron-package-only-in-shell']);
  });

  it('rejects circular imports', async () => {
    expect(
      await violationsFor({
        'shared/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'shared/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      }),
    ).toContain('no-circular');
  });

  it('rejects server code importing the station core', async () => {
    expect(
      await violationsFor({
        'electron/core/c.ts': 'export const c = 1;\n',
        'server/s.ts': "import { c } from '../electron/core/c.js';\nexport const s = c;\n",
      }),
    ).toEqual(['server-allowed-imports']);
  });
});
