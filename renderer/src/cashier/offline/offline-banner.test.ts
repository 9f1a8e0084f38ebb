import { describe, expect, it } from 'vitest';
import type { OfflineQueueView } from '../../../../shared/ipc/offline-payments.js';
import { offlineBannerText } from './offline-banner.js';

const base: OfflineQueueView = {
  gatewayReachable: true,
  enabled: true,
  currency: 'EUR',
  count: 0,
  amountMinor: 0,
  committedMinor: 0,
  oldestAgeMs: null,
  limits: { perPaymentMinor: 5_000, totalPendingMinor: 50_000, maxAgeMs: 86_400_000, warnAtRatio: 0.8 },
  nearLimit: false,
};

describe('offline card banner', () => {
  it('says nothing while the gateway is up and nothing waits', () => {
    expect(offlineBannerText(base)).toBeNull();
  });

  it('tells the cashier cards are approved offline, up to the per-payment limit', () => {
    expect(offlineBannerText({ ...base, gatewayReachable: false })?.text).toMatch(
      /Card gateway down: cards up to €50\.00 are approved offline/,
    );
  });

  it('warns when the pending total nears its limit', () => {
    const banner = offlineBannerText({ ...base, gatewayReachable: false, committedMinor: 41_000, count: 9, nearLimit: true });
    expect(banner).toEqual({ tone: 'warn', text: expect.stringContaining('near the offline limit: €410.00 of €500.00') });
  });

  it('says offline cards are off when they are', () => {
    expect(offlineBannerText({ ...base, gatewayReachable: false, enabled: false })?.tone).toBe('warn');
  });
});
