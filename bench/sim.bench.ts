/**
 * The deterministic store simulation (sim/): seeds per minute with every fault on (what `npm test`
 * and the 10,000-seed run pay), beside its reference from the same run: the same seeds and workload
 * on the same three stations with no faults (one LAN, always online, nothing lost, no crash, no
 * skew). The ratio is what the faults cost (retries, resends, restarts, longer healing). One JSON line.
 */
import { closeSharedServerDatabase } from '../sim/sim-server.js';
import { DEFAULT_OPTIONS, runSeed, type SimOptions } from '../sim/run-seed.js';

const SEEDS = Number(process.env['BENCH_SIM_SEEDS'] ?? 40);

async function measure(
  options: SimOptions,
): Promise<{ seeds: number; seconds: number; seedsPerMinute: number; eventsPerSeed: number; failed: number }> {
  let events = 0;
  let failed = 0;
  const t0 = performance.now();
  for (let seed = 1; seed <= SEEDS; seed++) {
    const result = await runSeed(seed, options);
    events += result.events;
    if (!result.ok) failed += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    seeds: SEEDS,
    seconds: Number(seconds.toFixed(2)),
    seedsPerMinute: Math.round((SEEDS / seconds) * 60),
    eventsPerSeed: Math.round(events / SEEDS),
    failed,
  };
}

// Warm-up: PGlite's start and the first JIT passes are not a seed's cost.
await runSeed(1_000_000, DEFAULT_OPTIONS);
const faulty = await measure(DEFAULT_OPTIONS);
const calm = await measure({ ...DEFAULT_OPTIONS, calm: true });
await closeSharedServerDatabase();

console.log(
  JSON.stringify({
    bench: 'sim',
    node: process.version,
    actionsPerSeed: DEFAULT_OPTIONS.actions,
    withFaults: faulty,
    reference: { what: 'same seeds and workload, no faults', ...calm },
    ratio: Number((faulty.seedsPerMinute / calm.seedsPerMinute).toFixed(2)),
  }),
);
process.exitCode = faulty.failed + calm.failed > 0 ? 1 : 0;
