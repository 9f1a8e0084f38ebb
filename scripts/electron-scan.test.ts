import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, scanInputs, scan } from './electron-scan.js';

describe('the Electron security scan', () => {
  it('covers main, preload, every shell source and the built page, no tests', () => {
    const inputs = scanInputs();
    expect(inputs).toEqual(
      expect.arrayContaining(['electron/main.ts', 'electron/preload.ts', 'electron/shell/shell.ts', 'dist/renderer/index.html']),
    );
    expect(inputs.some((file) => file.endsWith('.test.ts'))).toBe(false);
  });

  it('finds an unsandboxed, unisolated window loading http with no permission or navigation handlers, and leaves it unexplained', async () => {
    const base = mkdtempSync(join(tmpdir(), 'scan-fixture-'));
    try {
      mkdirSync(join(base, 'electron'));
      writeFileSync(
        join(base, 'electron', 'main.ts'),
        "import { BrowserWindow } from 'electron';\nconst w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\nvoid w.loadURL('http://example.com/');\n",
      );
      const findings = await scan(base, ['electron/main.ts']);
      const ids = findings.map((finding) => finding.id);
      // What the real shell passes: permission handlers and navigation limits are found missing here.
      expect(ids).toEqual(
        expect.arrayContaining([
          'CONTEXT_ISOLATION_JS_CHECK',
          'SANDBOX_JS_CHECK',
          'HTTP_RESOURCES_JS_CHECK',
          'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
          'LIMIT_NAVIGATION_GLOBAL_CHECK',
        ]),
      );
      const verdict = judge(findings, [
        { id: 'CONTEXT_ISOLATION_JS_CHECK', file: 'electron/main.ts' },
        { id: 'GONE_CHECK', file: 'x.ts' },
      ]);
      expect(verdict.unexplained.map((finding) => finding.id)).toContain('SANDBOX_JS_CHECK');
      expect(verdict.unexplained.map((finding) => finding.id)).not.toContain('CONTEXT_ISOLATION_JS_CHECK');
      expect(verdict.stale).toEqual([{ id: 'GONE_CHECK', file: 'x.ts' }]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 60_000);
});
