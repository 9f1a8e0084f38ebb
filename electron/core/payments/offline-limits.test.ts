import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../shared/clock.js';
import { tempDir } from '../testing/fixtures.js';
import { openOfflineStation } from '../testing/offline-station.js';
import { OfflineLimits, offlineRefusal } from '../../../shared/payments/offline-limits.js';

const worker = resolve(import.meta.dirname, '..', 'testing', 'offline-reserve-worker.ts');

describe('offline limits', () => {
  const limits = OfflineLimits.parse({ perPaymentMinor: 2_000, totalPendingMinor: 5_000 });
  const eur = (totalMinor: number) => ({ totalMinor, currency: 'EUR' });

  it('defaults: 50.00 per payment, 500.00 pending, 24 hours', () => {
    expect(OfflineLimits.parse({})).toEqual({
      enabled: true,
      perPaymentMinor: 5_000,
      totalPendingMinor: 50_000,
      maxAgeMs: 86_400_000,
      warnAtRatio: 0.8,
    });
  });

  it('refuses a per-payment ceiling above the total, and unknown keys', () => {
    expect(OfflineLimits.safeParse({ perPaymentMinor: 6_000, totalPendingMinor: 5_000 }).success).toBe(false);
    expect(OfflineLimits.safeParse({ perPayment: 1 }).success).toBe(false);
    expect(OfflineLimits.safeParse({ maxAgeMs: 10 }).success).toBe(false);
  });

  it('accepts up to each ceiling exactly, and refuses one unit over with a reason that names it', () => {
    expect(offlineRefusal(limits, eur(2_000), 3_000)).toBeUndefined();
    expect(offlineRefusal(limits, eur(2_001), 0)).toMatch(/over the offline limit of .*20.00.* per card payment/);
    expect(offlineRefusal(limits, eur(1_000), 4_001)).toMatch(/already holds .*40.01.* awaiting forwarding .*limit .*50.00.*9.99 left/);
    expect(offlineRefusal({ ...limits, enabled: false }, eur(1), 0)).toMatch(/turned off/);
  });

  it('never bends when processes race for the same station total', async () => {
    const dir = tempDir('offline-limits');
    const path = join(dir.path, 'station.sqlite');
    const origin = 'station-race';
    const raceLimits = { perPaymentMinor: 250, totalPendingMinor: 2_500 };
    try {
      const setup = openOfflineStation(path, origin, systemClock);
      const orderIds: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        const added = setup.orders.addLine({ orderType: 'takeout' }, 'espresso', 1);
        if (!added.ok) throw new Error(added.error.message);
        orderIds.push(added.value.id);
      }
      setup.close();
      // Four processes, ten orders each, 2.50 apiece: room for exactly ten within 25.00.
      const answers = await Promise.all(
        [0, 1, 2, 3].map(
          (w) =>
            new Promise<string[]>((done, fail) => {
              const args = [path, origin, JSON.stringify(raceLimits), ...orderIds.slice(w * 10, w * 10 + 10)];
              const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
              let out = '';
              let err = '';
              child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
              child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
              child.on('exit', (code) => (code === 0 ? done(out.trim().split(' ')) : fail(new Error(err))));
            }),
        ),
      );
      const all = answers.flat();
      expect(all.filter((a) => a === 'ok')).toHaveLength(10);
      expect(all.filter((a) => a !== 'ok').every((a) => a === 'offline_limit')).toBe(true);
      const check = openOfflineStation(path, origin, systemClock);
      expect(check.queue.committedMinor()).toBe(2_500);
      check.close();
      // Another station (its own database) counts only its own payments.
      const other = openOfflineStation(join(dir.path, 'other.sqlite'), 'station-other', systemClock);
      expect(other.queue.committedMinor()).toBe(0);
      other.close();
    } finally {
      dir.remove();
    }
  }, 120_000);
});
