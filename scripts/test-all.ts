/**
 * `npm test`: every check the project has, in one run, ending with the line CI reads:
 * "N passed, N failed". Each step runs even when an earlier one failed, so one report shows all
 * breakage; the exit code is non-zero if anything failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface StepOutcome {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

function exec(command: string, args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
    child.on('error', (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

async function singleCheck(name: string, command: string, args: string[]): Promise<StepOutcome> {
  console.log(`\n=== ${name} ===`);
  const code = await exec(command, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    console.error(`cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

async function vitest(): Promise<StepOutcome> {
  console.log('\n=== unit and integration tests (vitest) ===');
  const report = join(resultsDir, 'vitest.json');
  const code = await exec(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const json = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(report);
  if (!json) return { name: 'vitest', passed: 0, failed: 1, skipped: 0 };
  // A crash outside any test (a failed import, an unhandled rejection) fails the run without failing a test.
  const crashed = code !== 0 && json.numFailedTests === 0 ? 1 : 0;
  return {
    name: 'vitest',
    passed: json.numPassedTests,
    failed: json.numFailedTests + crashed,
    skipped: json.numPendingTests + json.numTodoTests,
  };
}

async function playwright(): Promise<StepOutcome> {
  console.log('\n=== end-to-end tests (playwright) ===');
  const report = join(resultsDir, 'playwright.json');
  const code = await exec(bin('playwright'), ['test', '--config', 'e2e/playwright.config.ts']);
  const json = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(report);
  if (!json) return { name: 'playwright', passed: 0, failed: 1, skipped: 0 };
  const crashed = code !== 0 && json.stats.unexpected === 0 ? 1 : 0;
  return {
    name: 'playwright',
    passed: json.stats.expected + json.stats.flaky,
    failed: json.stats.unexpected + crashed,
    skipped: json.stats.skipped,
  };
}

async function main(): Promise<void> {
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const outcomes: StepOutcome[] = [];
  outcomes.push(await singleCheck('type-check (tsc -b)', bin('tsc'), ['-b']));
  outcomes.push(
    await singleCheck('dependency rules (dependency-cruiser)', bin('depcruise'), [
      '--config',
      '.dependency-cruiser.cjs',
      'shared',
      'drivers',
      'electron',
      'renderer',
      'server',
      'e2e',
      'bench',
      'scripts',
      'sim',
    ]),
  );
  outcomes.push(await singleCheck('lint (eslint, type-aware)', bin('eslint'), ['--max-warnings', '0', '.']));
  outcomes.push(await singleCheck('format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']));
  outcomes.push(await singleCheck('unused code (knip)', bin('knip'), ['--no-progress']));
  outcomes.push(
    await singleCheck('renderer build (vite)', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']),
  );
  // After the renderer build: it scans the built page too.
  outcomes.push(await singleCheck('Electron security scan (electronegativity)', bin('tsx'), ['scripts/electron-scan.ts']));
  outcomes.push(await vitest());
  outcomes.push(await playwright());

  console.log('\n=== summary ===');
  for (const o of outcomes) {
    console.log(`${o.name.padEnd(40)} ${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}`);
  }
  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const skipped = outcomes.reduce((n, o) => n + o.skipped, 0);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
