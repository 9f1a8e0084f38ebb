import type { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import type { StoreData } from '../store-data/store-data.js';

/**
 * The offline card limits in force: the store's (an `offline-card-limits` document set on the server
 * and replicated like the menu) when this station holds one, else its own station.json values. Read
 * field by field at each use, so the saga, the forwarder and the queue view follow a new document at
 * once without being rebuilt; the limit check stays inside the saga's locked transaction.
 */
export class StoreOfflineLimits implements OfflineLimits {
  constructor(
    private readonly fromConfig: OfflineLimits,
    private readonly storeData: Pick<StoreData, 'current'>,
  ) {}

  private get limits(): OfflineLimits {
    return this.storeData.current('offline-card-limits')?.body ?? this.fromConfig;
  }

  get enabled(): boolean {
    return this.limits.enabled;
  }
  get perPaymentMinor(): number {
    return this.limits.perPaymentMinor;
  }
  get totalPendingMinor(): number {
    return this.limits.totalPendingMinor;
  }
  get maxAgeMs(): number {
    return this.limits.maxAgeMs;
  }
  get warnAtRatio(): number {
    return this.limits.warnAtRatio;
  }
}
