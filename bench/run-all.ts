/** `npm run bench`: runs every bench/*.bench.ts in its own process and prints their JSON lines. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const here = resolve(import.meta.dirname);
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
let failed = 0;
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  const result = spawnSync(tsx, [join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed with exit code ${result.status}`);
    continue;
  }
  process.stdout.write(result.stdout);
}
process.exitCode = failed ? 1 : 0;
