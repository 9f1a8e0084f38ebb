/**
 * `npm run sim -- --seed N --runs M [--actions A] [--trace] [--quiet]`: runs seeds N..N+M-1 of the deterministic store
 * simulation, a line per seed and a JSON summary at the end. A failing seed prints the command that
 * replays it, the violated invariants and the end of its trace; the exit code is 1 if any failed.
 */
import { parseArgs } from 'node:util';
import { failureReport } from './report.js';
import { DEFAULT_OPTIONS, runSeed } from './run-seed.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    actions: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    /** Print every trace line of each seed (to read what a failing seed did). */
    trace: { type: 'boolean', default: false },
  },
});
const first = Number(values.seed);
const runs = Number(values.runs);
if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(runs) || runs < 1) {
  console.error('usage: npm run sim -- --seed N --runs M   (N ≥ 0, M ≥ 1)');
  process.exit(2);
}
const actions = values.actions === undefined ? DEFAULT_OPTIONS.actions : Number(values.actions);
const options = { ...DEFAULT_OPTIONS, actions, fullTrace: values.trace };
const extra = values.actions === undefined ? '' : ` --actions ${actions}`;

const started = performance.now();
const failed: number[] = [];
let events = 0;
for (let seed = first; seed < first + runs; seed++) {
  const result = await runSeed(seed, options);
  events += result.events;
  for (const line of result.fullTrace ?? []) console.log(`  ${line}`);
  if (result.ok) {
    if (!values.quiet)
      console.log(
        `seed ${seed} ok  events=${result.events} orders=${result.orders} steps=${result.steps} sim=${Math.round(result.simulatedMs / 1000)}s faults=${JSON.stringify(result.faults)} trace=${result.fingerprint}`,
      );
    continue;
  }
  failed.push(seed);
  console.log(failureReport(result, extra));
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    firstSeed: first,
    runs,
    passed: runs - failed.length,
    failed: failed.length,
    failedSeeds: failed.slice(0, 100),
    events,
    seconds: Math.round(seconds * 10) / 10,
    seedsPerMinute: Math.round((runs / seconds) * 60),
  }),
);
process.exit(failed.length > 0 ? 1 : 0);
