import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { StationConfig } from '../../electron/core/config.js';
import { startStation } from '../../electron/core/station.js';
import { ManualClock } from '../../shared/clock.js';
import { SIGN_IN_DISABLED } from '../../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

/** What a lunch order is in the catch-up benches: six lines, paid in cash. */
export const CATCHUP_ITEMS = ['espresso', 'croissant', 'club-sandwich', 'soup-of-the-day', 'orange-juice', 'cappuccino'];

/**
 * A counter that sells `orders` orders without reaching its server, so every event waits in its
 * outbox: the backlog the catch-up benches move. The station stops with its prints finished.
 */
export async function sellOffline(config: StationConfig, dir: string, orders: number): Promise<{ sellSeconds: number; events: number }> {
  const counter = await startStation({
    staff: BENCH_STAFF,
    config,
    dataDir: join(dir, 'offline'),
    rendererDir: dir,
    manualSync: true,
    clock: new ManualClock(Date.now()),
  });
  const started = performance.now();
  for (let i = 0; i < orders; i++) {
    let orderId: string | undefined;
    for (const itemId of CATCHUP_ITEMS) {
      const added = await counter.dispatch('cashier', 'order.addLine', { orderId, itemId }, 'bench');
      if (!added.ok) throw new Error(added.error.message);
      orderId = (added.value as { id: string }).id;
    }
    const paid = await counter.dispatch('cashier', 'order.payCash', { orderId, tenderedMinor: 100_000 }, 'bench');
    if (!paid.ok) throw new Error(paid.error.message);
  }
  const sellSeconds = (performance.now() - started) / 1000;
  const events = counter.store.outboxStats().depth;
  // Receipts print while the cashier sells; let the backlog finish so it does not run during the catch-up.
  const db = new Database(counter.databasePath, { readonly: true });
  try {
    const pending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM print_jobs WHERE state IN ('queued', 'sending')");
    while ((pending.get()?.n ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    db.close();
  }
  await counter.stop();
  return { sellSeconds, events };
}
