/**
 * The Electron security scan in `npm test`: @doyensec/electronegativity over the shell (main,
 * preload, electron/shell) and the renderer's built page. Every finding above LOW must be listed in
 * electron/shell/electronegativity-accepted.json with the reason it does not apply; an unexplained
 * finding, or an explanation whose finding is gone, fails the check.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import electronegativity from '@doyensec/electronegativity';

const root = resolve(import.meta.dirname, '..');
const ACCEPTED_FILE = join(root, 'electron', 'shell', 'electronegativity-accepted.json');

const Issue = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.string(), value: z.number() }),
  confidence: z.object({ name: z.string() }),
  description: z.string().optional(),
  manualReview: z.boolean().optional(),
});
const ScanResult = z.object({
  issues: z.array(Issue),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
});
const Accepted = z.array(
  z.object({ id: z.string(), file: z.string(), reason: z.string().min(20, 'say why the finding does not apply') }).strict(),
);
type Finding = { id: string; file: string; line: number; severity: string; confidence: string; description: string };

/** The files the scanner reads: the shell's sources (not tests) and the renderer's built HTML. */
export function scanInputs(base = root): string[] {
  const shell = readdirSync(join(base, 'electron', 'shell'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join('electron', 'shell', name));
  return ['electron/main.ts', 'electron/preload.ts', ...shell, 'dist/renderer/index.html'];
}

export async function scan(base = root, files = scanInputs(base)): Promise<Finding[]> {
  const page = join(base, 'dist', 'renderer', 'index.html');
  if (files.includes('dist/renderer/index.html') && !existsSync(page))
    throw new Error(`${page} is missing: run "npm run build:renderer" first`);
  const work = mkdtempSync(join(tmpdir(), 'electron-scan-'));
  try {
    for (const file of files) {
      mkdirSync(dirname(join(work, file)), { recursive: true });
      cpSync(join(base, file), join(work, file));
    }
    const electronVersion = (
      JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
    ).version;
    // A CommonJS module whose export is the runner itself or, depending on the loader, its `default`.
    const loaded: unknown = electronegativity;
    const run = (typeof loaded === 'function' ? loaded : (loaded as { default?: unknown }).default) as (
      options: object,
      forCli: boolean,
    ) => Promise<unknown>;
    const result = ScanResult.parse(
      await run(
        {
          input: work,
          electronVersionOverride: electronVersion,
          // It downloads Electron's release list to compare versions: no network in tests, and the
          // package test holds the Electron version (45, supported) instead.
          excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
          parserPlugins: [],
        },
        false,
      ),
    );
    const broken = result.errors.filter((error) => !error.tolerable);
    if (broken.length > 0)
      throw new Error(`electronegativity could not parse: ${broken.map((e) => `${relative(work, e.file)}: ${e.message}`).join('; ')}`);
    return result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file === 'N/A' ? 'N/A' : relative(work, issue.file),
      line: issue.location.line,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      description: issue.description ?? '',
    }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const ABOVE_LOW = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

export function judge(findings: readonly Finding[], accepted: readonly { id: string; file: string }[]) {
  const serious = findings.filter((finding) => ABOVE_LOW.has(finding.severity));
  const unexplained = serious.filter((finding) => !accepted.some((a) => a.id === finding.id && a.file === finding.file));
  const stale = accepted.filter((a) => !serious.some((finding) => finding.id === a.id && finding.file === a.file));
  return { serious, unexplained, stale };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const findings = await scan();
  const accepted = Accepted.parse(JSON.parse(readFileSync(ACCEPTED_FILE, 'utf8')));
  const { serious, unexplained, stale } = judge(findings, accepted);
  for (const finding of findings) {
    const mark = !ABOVE_LOW.has(finding.severity) ? 'low' : unexplained.includes(finding) ? 'UNEXPLAINED' : 'explained';
    console.log(`${mark.padEnd(12)} ${finding.severity.padEnd(13)} ${finding.id} ${finding.file}:${finding.line}`);
  }
  for (const entry of stale)
    console.log(`STALE        ${entry.id} ${entry.file}: no such finding any more; remove it from ${relative(root, ACCEPTED_FILE)}`);
  console.log(
    `electronegativity: ${findings.length} findings, ${serious.length} above LOW, ${unexplained.length} unexplained, ${stale.length} stale explanations (${Date.now() - started} ms)`,
  );
  process.exitCode = unexplained.length > 0 || stale.length > 0 ? 1 : 0;
}
