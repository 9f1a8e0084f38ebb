import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash } from './canonical.js';
import { compareEvents, type CurrentEvent, type DomainEvent } from './events.js';
import { extendFold, foldOrder, foldOrderResumable, type ResumableFold } from './order-fold.js';
import type { OrderView } from './order-view.js';
import { simulate, type SimScript, type SimStep } from './testing/order-simulator.js';

const step: fc.Arbitrary<SimStep> = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('act' as const),
      who: fc.nat(3),
      op: fc.nat(200),
      pick: fc.nat(1000),
      amt: fc.integer({ min: 1, max: 5000 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 50 }) }) },
);
const script: fc.Arbitrary<SimScript> = fc.record({
  replicas: fc.integer({ min: 2, max: 4 }),
  skewsMs: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 4, maxLength: 4 }),
  steps: fc.array(step, { minLength: 4, maxLength: 48, size: 'max' }),
});
const history = script.map((s) => simulate(s));

/**
 * What a caller of the resumable fold does: extend when it can, fold from scratch when it cannot.
 * Returns the view after each chunk and how many chunks were extended rather than refolded.
 */
function foldInChunks(chunks: readonly (readonly DomainEvent[])[]): { views: (OrderView | undefined)[]; extended: number } {
  const seen: DomainEvent[] = [];
  let fold: ResumableFold | undefined;
  let extended = 0;
  const views: (OrderView | undefined)[] = [];
  for (const chunk of chunks) {
    seen.push(...chunk);
    const resumed = fold && extendFold(fold, chunk);
    if (resumed) extended += 1;
    fold = resumed ?? foldOrderResumable(seen);
    views.push(fold?.view);
  }
  return { views, extended };
}

describe('resumable fold', () => {
  it('extending a fold gives exactly the full fold, in merge order or not, and leaves earlier views as they were', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(5), { minLength: 1, maxLength: 60 }), fc.boolean(), ({ events }, cuts, sorted) => {
        // Delivered in merge order (a station's own writes) or as the simulator interleaved them (pulls).
        const delivered = sorted ? [...events].sort(compareEvents) : [...events];
        const chunks: CurrentEvent[][] = [];
        for (let i = 0, c = 0; i < delivered.length; c++) {
          const size = (cuts[c % cuts.length] ?? 0) + 1;
          chunks.push(delivered.slice(i, i + size));
          i += size;
        }
        const { views } = foldInChunks(chunks);
        const hashes = views.map((view) => canonicalHash(view));
        let upTo = 0;
        chunks.forEach((chunk, i) => {
          upTo += chunk.length;
          expect(hashes[i]).toBe(canonicalHash(foldOrder(delivered.slice(0, upTo))));
        });
        // Later extensions moved the shared state on; the views handed out before must not have moved.
        expect(views.map((view) => canonicalHash(view))).toEqual(hashes);
      }),
      { numRuns: 1_500 },
    );
  });

  it('extends events that sort last, and refuses one that sorts earlier or repeats an id', () => {
    const { events } = simulate({
      replicas: 2,
      skewsMs: [0, 0, 0, 0],
      steps: Array.from({ length: 30 }, (_, i) => ({ kind: 'act' as const, who: 0, op: i * 7, pick: i * 13, amt: 100 + i })),
    });
    const ordered = [...events].sort(compareEvents);
    expect(ordered.length).toBeGreaterThan(4);
    const { extended } = foldInChunks(ordered.map((e) => [e]));
    // Everything after the opening event goes on from the fold before it.
    expect(extended).toBe(ordered.length - 1);

    const head = foldOrderResumable(ordered.slice(0, 3))!;
    const before = canonicalHash(head.view);
    expect(extendFold(head, [ordered[1]!])).toBeUndefined(); // already folded
    expect(extendFold(head, [ordered[4]!, ordered[3]!])).toBeUndefined(); // out of merge order
    // A refusal leaves the fold usable: it still extends with the right event.
    expect(canonicalHash(extendFold(head, [ordered[3]!])?.view)).toBe(canonicalHash(foldOrder(ordered.slice(0, 4))));
    expect(canonicalHash(foldOrder(ordered.slice(0, 3)))).toBe(before);
  });
});
