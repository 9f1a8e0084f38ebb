/**
 * Pay to kitchen display, same station: the cashier's payment command (cash, or card through the
 * SIMULATED terminal and the card payment saga) → the core commits the capture and fires the ticket
 * in one write → order.changed over the WebSocket → the kitchen window (real renderer in Chromium)
 * shows the ticket's card in its DOM. Times are taken on one clock: both processes'
 * `performance.timeOrigin + now()`. Each ticket is bumped once seen, so the screen holds a normal rush.
 * Target: p99 ≤ 50 ms for each method.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import type { PaymentAttemptView } from '../shared/ipc/commands/payments.js';
import type { OrderView } from '../shared/order-view.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const TARGET_P99_MS = 50;
const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
const now = () => performance.timeOrigin + performance.now();
/** BENCH_VERBOSE=1 narrates progress on stderr (stdout carries only the JSON line). */
const progress = (...what: unknown[]) => {
  if (process.env.BENCH_VERBOSE === '1') console.error('pay-to-kds:', ...what);
};

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-pay-kds-'));
const rendererDir = join(dir, 'renderer');
await build({
  configFile: join(root, 'renderer', 'vite.config.ts'),
  logLevel: 'silent',
  build: { outDir: rendererDir, emptyOutDir: true },
});
progress('renderer built');
const station = await startStation({
  staff: BENCH_STAFF,
  config: parseStationConfig({ stationId: 'bench-counter', http: { host: '127.0.0.1', port: 0 } }, 'bench'),
  dataDir: join(dir, 'station'),
  rendererDir,
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

let requests = 0;
async function call<T>(role: 'cashier' | 'kitchen', command: string, args: unknown): Promise<T> {
  const result = await station.dispatch(role, command, args, `bench-${++requests}`);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.value as T;
}

/** Resolves when the saga pushes the attempt approved (card payments answer before they capture). */
function cardApproved(): Promise<void> {
  return new Promise((done) => {
    const off = station.onPush((name, payload) => {
      if (name === 'payment.changed' && (payload as PaymentAttemptView).state === 'approved') {
        off();
        done();
      }
    });
  });
}

try {
  const kitchen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await kitchen.addInitScript(`localStorage.setItem('pos.kitchen.settings', JSON.stringify({ view: 'all', muted: true }))`);
  await kitchen.goto(station.windowUrl('kitchen'));
  await kitchen.getByRole('heading', { name: 'Kitchen' }).waitFor();
  progress('kitchen window up');

  const measure = async (method: 'cash' | 'card'): Promise<number[]> => {
    const latencies: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const order = await call<OrderView>('cashier', 'order.addLine', { itemId: 'club-sandwich', quantity: 1 + (i % 3) });
      // Armed before paying (the trailing 0 keeps evaluate from awaiting the promise); a string, not a
      // function: the TypeScript runner's helpers do not exist in the page.
      await kitchen.evaluate(`window.ticketSeen = new Promise((done) => {
        const selector = 'article[aria-label="Ticket ${order.ticketNumber}"]';
        if (document.querySelector(selector)) return done(-1);
        const observer = new MutationObserver(() => {
          if (document.querySelector(selector)) {
            observer.disconnect();
            done(performance.timeOrigin + performance.now());
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }); 0`);
      const paidAt = now();
      if (method === 'cash') {
        await call('cashier', 'order.payCash', { orderId: order.id, tenderedMinor: order.dueMinor });
      } else {
        const approved = cardApproved();
        await call('cashier', 'payment.startCard', { orderId: order.id, amountMinor: order.dueMinor });
        await approved;
      }
      const seenAt = await kitchen.evaluate<number>('window.ticketSeen');
      if (seenAt < 0) throw new Error(`ticket ${order.ticketNumber} was on the kitchen screen before it was paid`);
      progress(method, i, (seenAt - paidAt).toFixed(2));
      if (i >= WARMUP) latencies.push(seenAt - paidAt);
      const paid = station.store.getOrder(order.id)!;
      for (const ticket of paid.tickets) await call('kitchen', 'ticket.bump', { orderId: order.id, ticketId: ticket.ticketId });
    }
    return latencies.sort((a, b) => a - b);
  };

  const cash = await measure('cash');
  const card = await measure('card');
  console.log(
    JSON.stringify({
      name: 'pay-to-kds',
      samples: SAMPLES,
      cashPayToKdsP50Ms: pct(cash, 50),
      cashPayToKdsP99Ms: pct(cash, 99),
      cardPayToKdsP50Ms: pct(card, 50),
      cardPayToKdsP99Ms: pct(card, 99),
      maxMs: Number(Math.max(cash.at(-1)!, card.at(-1)!).toFixed(3)),
      targetP99Ms: TARGET_P99_MS,
    }),
  );
} finally {
  await browser.close();
  await station.stop();
  rmSync(dir, { recursive: true, force: true });
}
