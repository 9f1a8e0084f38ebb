import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, runSeed, type SimOptions } from './run-seed.js';

const planted = (plant: SimOptions['plant']): SimOptions => ({ ...DEFAULT_OPTIONS, plant });

describe('deterministic store simulation', () => {
  it('gives the same trace, events and verdict for the same seed, run after run', async () => {
    const first = await runSeed(7);
    const second = await runSeed(7);
    expect(first.ok).toBe(true);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.traceTail).toEqual(first.traceTail);
    expect({ events: second.events, steps: second.steps, faults: second.faults }).toEqual({
      events: first.events,
      steps: first.steps,
      faults: first.faults,
    });
    // A different seed is a different run.
    expect((await runSeed(8)).fingerprint).not.toBe(first.fingerprint);
  }, 120_000);

  it('really injects faults and a real workload (the checks are not run on an idle store)', async () => {
    const result = await runSeed(3);
    expect(result.ok).toBe(true);
    expect(result.orders).toBeGreaterThanOrEqual(15);
    expect(result.faults['partitions']).toBeGreaterThan(0);
    expect(result.faults['crashes']).toBeGreaterThan(0);
    expect(result.faults['outages']).toBeGreaterThan(0);
    expect(result.printed).toBeGreaterThan(10);
    expect(result.kicks).toBeGreaterThan(3);
  }, 60_000);

  // Canaries: bugs planted on purpose must fail the seed with the right invariant.
  it('catches a committed event that a replica lost', async () => {
    const result = await runSeed(2, planted({ loseEvent: true }));
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(/^lost event: .* lacks /m);
    expect(result.violations.join('\n')).toMatch(/^seq gap: /m);
  }, 60_000);

  it('catches a drawer kick that is replayed', async () => {
    const result = await runSeed(2, planted({ replayKick: true }));
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(
      /^drawer kick replayed: counter-\d opened its drawer 2 times for order .*, cash taken 1 times/m,
    );
  }, 60_000);

  it('catches a kitchen ticket printed twice at a station', async () => {
    const result = await runSeed(2, planted({ ignorePrintKeys: true }));
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(/^printed twice: \S+ printed ticket \S+ \S+ twice without REPRINT/m);
  }, 60_000);

  it('catches a web order that never reached the kitchen', async () => {
    const result = await runSeed(2, planted({ skipChannelFiring: true }));
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(
      /^channel order not fired: (web|mobile) order \S+ \(placed\) has \d+ kitchen lines on no ticket/m,
    );
  }, 60_000);

  it('catches a routing edit that never reached the other stations', async () => {
    // Seed 1 has a manager edit the kitchen routing at a counter during the day.
    const result = await runSeed(1, planted({ skipStoreData: true }));
    expect(result.ok).toBe(false);
    expect(result.violations.join('\n')).toMatch(/^routing differs: counter-1: catalog defaults; counter-2: v1 by counter-2 /m);
  }, 60_000);

  it('runs the real mesh trust: sessions open between paired stations, and none when the TLS is intercepted', async () => {
    const ready = (trace: readonly string[] | undefined) => (trace ?? []).filter((line) => / ready \((dialer|listener)\)$/.test(line));
    const normal = await runSeed(3, { ...DEFAULT_OPTIONS, fullTrace: true });
    expect(ready(normal.fullTrace).length).toBeGreaterThan(5);
    expect(normal.fullTrace?.some((line) => line.includes('peer session refused'))).toBe(false);
    const intercepted = await runSeed(3, { ...planted({ interceptTls: true }), fullTrace: true });
    expect(ready(intercepted.fullTrace)).toEqual([]);
    expect(intercepted.fullTrace?.join('\n')).toMatch(/peer session refused: .*not the one pinned in the peer’s station certificate/);
  }, 60_000);
});
