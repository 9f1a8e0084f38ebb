/**
 * Store and forward after an outage (#17): N card payments approved offline on a real SQLite file,
 * then the gateway returns and the forwarder sends them, oldest first, one at a time. Measures the
 * forwarding rate (payments/s) and the p99 of each forward's local commit (the outcome event and
 * the queue row in one transaction), and checks against the simulated terminal's ledger that none
 * was charged twice. Reference, in the same run: the same number of card payments on the online
 * path (authorize, then capture, per payment), the path the forwarder's work replaces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../shared/clock.js';
import { openOfflineStation, type OfflineStation } from '../electron/core/testing/offline-station.js';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1000);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3));
};

async function sell(station: OfflineStation, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const added = station.orders.addLine({ orderType: 'takeout' }, 'espresso', 1);
    if (!added.ok) throw new Error(added.error.message);
    const started = station.saga.start({ orderId: added.value.id, amountMinor: added.value.dueMinor });
    if (!started.ok) throw new Error(started.error.message);
    await started.value.done;
  }
}

/** Times every store write (each forward's outcome commit) without changing what it does. */
function timeWrites(station: OfflineStation): number[] {
  const times: number[] = [];
  const write = station.store.write.bind(station.store);
  station.store.write = (...args: Parameters<typeof write>) => {
    const start = performance.now();
    try {
      return write(...args);
    } finally {
      times.push(performance.now() - start);
    }
  };
  return times;
}

async function forwarding() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-offline-'));
  try {
    const station = openOfflineStation(join(dir, 'station.sqlite'), 'station-bench', systemClock);
    station.terminal.setGateway(false);
    await sell(station, PAYMENTS);
    station.terminal.setGateway(true);
    const commits = timeWrites(station);
    const start = performance.now();
    const round = await station.forwarder.run();
    const seconds = (performance.now() - start) / 1000;
    const ledger = station.terminal.ledger();
    const chargedTwice = ledger.filter((e) => (e.gatewayCharges ?? 0) > 1).length;
    const captured = station.terminal.charges().length;
    station.close();
    if (round.forwarded !== PAYMENTS || captured !== PAYMENTS || chargedTwice !== 0) {
      throw new Error(`forwarded ${round.forwarded}, captured ${captured}, charged twice ${chargedTwice} of ${PAYMENTS}`);
    }
    return {
      paymentsPerSecond: Math.round(PAYMENTS / seconds),
      commitP50Ms: quantile(commits, 0.5),
      commitP99Ms: quantile(commits, 0.99),
      chargedTwice,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onlineReference() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-online-'));
  try {
    const station = openOfflineStation(join(dir, 'station.sqlite'), 'station-bench', systemClock);
    // Orders first, so both paths time the payments alone.
    const orderIds: { id: string; due: number }[] = [];
    for (let i = 0; i < PAYMENTS; i += 1) {
      const added = station.orders.addLine({ orderType: 'takeout' }, 'espresso', 1);
      if (!added.ok) throw new Error(added.error.message);
      orderIds.push({ id: added.value.id, due: added.value.dueMinor });
    }
    const start = performance.now();
    for (const { id, due } of orderIds) {
      const started = station.saga.start({ orderId: id, amountMinor: due });
      if (!started.ok) throw new Error(started.error.message);
      await started.value.done;
    }
    const seconds = (performance.now() - start) / 1000;
    station.close();
    return { paymentsPerSecond: Math.round(PAYMENTS / seconds) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const forwarded = await forwarding();
const online = await onlineReference();
console.log(
  JSON.stringify({
    bench: 'offline-forwarding',
    payments: PAYMENTS,
    forwarding: forwarded,
    reference: { onlineCardPayments: online },
    ratio: Number((forwarded.paymentsPerSecond / online.paymentsPerSecond).toFixed(2)),
  }),
);
