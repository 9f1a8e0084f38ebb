import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { demoCatalog } from '../demo-catalog.js';
import { EventStore } from '../event-store.js';
import { OrderService } from '../orders/order-service.js';
import { CardPaymentSaga } from '../payments/card-payment-saga.js';
import { CardRefundSaga } from '../payments/card-refund-saga.js';
import { OfflineForwarder } from '../payments/offline-forwarder.js';
import { OfflineLimits } from '../../../shared/payments/offline-limits.js';
import { OfflinePayments } from '../payments/offline-payments.js';
import { SimulatedPaymentTerminal } from '../payments/simulated-terminal.js';
import { openSimulatedLedgerConnection, sqliteSimulatedLedger } from '../payments/sqlite-simulated-ledger.js';

/** Limits wide enough that a crash test is never refused (they are exercised by their own tests). */
export const CRASH_TEST_LIMITS = OfflineLimits.parse({ perPaymentMinor: 100_000, totalPendingMinor: 100_000_000 });

/**
 * A station's card payment side over a database file, as the station process wires it: the event
 * store, the card saga with offline limits, the forwarder and the SIMULATED terminal with its ledger
 * on its own connection. For crash tests (worker and harness) and benchmarks.
 */
export interface OfflineStation {
  db: Db;
  store: EventStore;
  terminal: SimulatedPaymentTerminal;
  saga: CardPaymentSaga;
  refunds: CardRefundSaga;
  forwarder: OfflineForwarder;
  queue: OfflinePayments;
  orders: OrderService;
  close(): void;
}

export function openOfflineStation(path: string, origin: string, clock: Clock, limits = CRASH_TEST_LIMITS): OfflineStation {
  const db = openDatabase(path, silentLogger);
  const store = new EventStore({
    db,
    origin,
    clock,
    random: (n) => new Uint8Array(randomBytes(n)),
    logger: silentLogger,
    maxClockDriftMs: 60_000,
  });
  const ledgerDb = openSimulatedLedgerConnection(path);
  const terminal = new SimulatedPaymentTerminal({
    id: `simulated-${origin}`,
    ledger: sqliteSimulatedLedger(ledgerDb, `simulated-${origin}`),
  });
  const actor = { kind: 'device', id: origin } as const;
  const common = { db, store, terminal, actor, clock, logger: silentLogger };
  const saga = new CardPaymentSaga({ ...common, offlineLimits: limits, retry: { maxTries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
  const forwarder = new OfflineForwarder({ ...common, limits, timeouts: { forwardMs: 2_000, queryMs: 2_000 } });
  return {
    db,
    store,
    terminal,
    saga,
    refunds: new CardRefundSaga({ ...common, timeouts: { voidMs: 2_000 } }),
    forwarder,
    queue: new OfflinePayments(db),
    orders: new OrderService(store, demoCatalog, 'EUR', actor),
    close: () => {
      ledgerDb.close();
      db.close();
    },
  };
}
