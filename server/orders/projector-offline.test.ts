import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { OrderPaymentLostAfterSale } from '../../shared/sync/channel.js';
import { Scenario } from '../../shared/scenario.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { MIGRATIONS } from '../db/migrations.js';
import { SyncService } from '../sync-service.js';
import { testBackends } from '../testing/backends.js';
import { OrderProjector } from './projector.js';

const STORE = 'offline-store';
const ORIGIN = 'station-till';
const backends = testBackends();
afterAll(() => backends.dispose());

describe('webhook for a card payment declined after the sale', () => {
  let db: Database;
  const clock = new ManualClock(1_750_000_000_000);

  beforeAll(async () => {
    db = await backends.open('pglite');
    await migrate(db, MIGRATIONS);
    await db.query('INSERT INTO stores (id, name, created_at) VALUES ($1, $1, now())', [STORE]);
    await db.query(
      `INSERT INTO credentials (id, store_id, kind, subject, channel, secret_hash, created_at) VALUES ('cred-1', $1, 'channel', 'web', 'web', 'h1', now())`,
      [STORE],
    );
    // Subscribed to the whole store (the admin's grant) and one listening to its own channel's orders only.
    for (const [id, scope] of [
      ['whe_all', 'all'],
      ['whe_own', 'own'],
    ] as const) {
      await db.query(
        `INSERT INTO webhook_endpoints (id, store_id, credential_id, owner_origin, url, secret, scope, created_at)
         VALUES ($1, $2, 'cred-1', 'web', 'https://hooks.example.test/pos', 'whsec_x', $3, now())`,
        [id, STORE, scope],
      );
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it('queues one delivery per subscribed endpoint, with the amount owed and the reason', async () => {
    const sc = new Scenario();
    sc.open(ORIGIN);
    sc.line(ORIGIN, { name: 'Burger', priceMinor: 1200 });
    const lostId = sc.id();
    sc.emit(ORIGIN, {
      type: 'PaymentApprovedOffline',
      v: 1,
      payload: {
        paymentId: lostId,
        method: 'card',
        amountMinor: 1200,
        tipMinor: 100,
        idempotencyKey: `card-${lostId}`,
        terminalRef: 'SIM-1',
      },
    });
    sc.emit(ORIGIN, { type: 'OfflinePaymentDeclined', v: 1, payload: { paymentId: lostId, reason: 'Insufficient funds' } });
    const pushed = await new SyncService(db, clock).push(STORE, { origin: ORIGIN, events: sc.events });
    if (!pushed.ok) throw new Error(pushed.error.message);
    const projector = new OrderProjector(db, clock, pino({ level: 'silent' }));
    await projector.projectPage(STORE);

    const rows = await db.query('SELECT endpoint_id, payload FROM webhook_deliveries WHERE store_id = $1 ORDER BY id', [STORE]);
    const lost = rows.filter((r) => (r['payload'] as { type: string }).type === 'order.payment_declined_after_sale');
    expect(lost.map((r) => r['endpoint_id'])).toEqual(['whe_all']);
    const payload = OrderPaymentLostAfterSale.parse(lost[0]!['payload']);
    expect(payload).toMatchObject({
      orderId: sc.orderId,
      paymentId: lostId,
      outcome: 'declined',
      amountMinor: 1300,
      reason: 'Insufficient funds',
    });
    expect(payload.order.outstandingMinor).toBe(1300);
  });
});
