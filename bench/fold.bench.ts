/**
 * The merge-log fold (shared/order-fold.ts): one 50-event order (median µs, target < 200 µs),
 * 10,000 orders (events/s), and how the cost grows with events per order. One JSON line.
 */
import { foldOrder } from '../shared/order-fold.js';
import { realisticOrder } from '../shared/testing/realistic-order.js';

const ORDERS = Number(process.env['BENCH_FOLD_ORDERS'] ?? 10_000);

function medianMicros(run: () => unknown, reps: number): { medianUs: number; p95Us: number } {
  for (let i = 0; i < Math.min(200, reps); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    run();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => Number(samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(1));
  return { medianUs: at(0.5), p95Us: at(0.95) };
}

// The fold does not sort in place or keep references, so one arrival order per run is enough;
// reversed delivery makes the sort do real work.
const fifty = realisticOrder(50, 1).reverse();
const single = medianMicros(() => foldOrder(fifty), 5_000);
const view = foldOrder(fifty)!;

const orders = Array.from({ length: ORDERS }, (_, i) => realisticOrder(50, i + 2).reverse());
const totalEvents = orders.reduce((n, o) => n + o.length, 0);
for (const o of orders.slice(0, 500)) foldOrder(o);
const t0 = performance.now();
let conflicts = 0;
for (const o of orders) conflicts += foldOrder(o)!.conflicts.length;
const seconds = (performance.now() - t0) / 1000;

const growth = [10, 50, 200, 1000].map((size) => {
  const events = realisticOrder(size, 7).reverse();
  const { medianUs, p95Us } = medianMicros(() => foldOrder(events), size >= 1000 ? 300 : 2000);
  return { events: events.length, medianUs, p95Us, usPerEvent: Number((medianUs / events.length).toFixed(2)) };
});

console.log(
  JSON.stringify({
    bench: 'fold',
    node: process.version,
    singleOrder: {
      events: fifty.length,
      ...single,
      targetUs: 200,
      withinTarget: single.medianUs < 200,
      status: view.status,
      conflicts: view.conflicts.length,
    },
    manyOrders: {
      orders: ORDERS,
      events: totalEvents,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(totalEvents / seconds),
      ordersPerSecond: Math.round(ORDERS / seconds),
      conflicts,
    },
    growth,
  }),
);
