import type { SeedResult } from './run-seed.js';

/** What a failing seed prints: the command that replays it exactly, what broke, and how the run ended. */
export function failureReport(result: SeedResult, extraArgs = ''): string {
  return [
    `seed ${result.seed} FAILED`,
    `  replay: npm run sim -- --seed ${result.seed} --runs 1${extraArgs}`,
    ...result.violations.map((violation) => `  violated: ${violation}`),
    '  trace tail:',
    ...result.traceTail.slice(-15).map((line) => `    ${line}`),
  ].join('\n');
}
