import { failureReport } from './report.js';
import { DEFAULT_OPTIONS, runSeed } from './run-seed.js';

/** Runs seeds first..first+count-1 and returns the report of each failing one (empty when all pass). */
export async function failingSeeds(first: number, count: number): Promise<string[]> {
  const failures: string[] = [];
  for (let seed = first; seed < first + count; seed++) {
    const result = await runSeed(seed, DEFAULT_OPTIONS);
    if (!result.ok) failures.push(failureReport(result));
  }
  return failures;
}
