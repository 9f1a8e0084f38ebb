import { describe, expect, it } from 'vitest';
import { failingSeeds } from './seeds.js';

// Half of the 200 seeds `npm test` runs (the other half is seeds-1.test.ts).
describe('deterministic store simulation, seeds 101–200', () => {
  it('every seed heals to one agreed store with nothing lost, printed twice or replayed', async () => {
    expect((await failingSeeds(101, 100)).join('\n\n')).toBe('');
  }, 600_000);
});
