import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../shared/clock.js';
import { openOfflineStation, type OfflineStation } from '../testing/offline-station.js';
import { tempDir } from '../testing/fixtures.js';

/** CI runs a reduced count; `KILL_ITERATIONS=200` runs the full kill test. */
const ITERATIONS = Number(process.env.KILL_ITERATIONS ?? 10);
const ORIGIN = 'station-offline-crash';
const worker = resolve(import.meta.dirname, '..', 'testing', 'offline-kill-worker.ts');

/** Runs the worker until it has approved something offline, then SIGKILLs it after a random delay. */
function runAndKill(path: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, path, ORIGIN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (!armed && chunk.toString('utf8').includes('offline_approved')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 120);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`worker exited ${code}: ${stderr}`))));
  });
}

type Station = OfflineStation;

const OUTCOME_EVENT = {
  captured: 'OfflinePaymentForwarded',
  declined: 'OfflinePaymentDeclined',
  expired: 'OfflinePaymentExpired',
} as const;

/** What must hold after any crash: the queue and the order's events agree, and no key was charged twice. */
function checkConsistent(s: Station): void {
  const rows = s.db.prepare<[], { payment_id: string; order_id: string; state: string }>('SELECT * FROM offline_card_payments').all();
  for (const row of rows) {
    const types = s.store
      .orderEvents(row.order_id)
      .filter((e) => 'paymentId' in e.payload && e.payload.paymentId === row.payment_id)
      .map((e) => e.type);
    const approvedOffline = types.filter((t) => t === 'PaymentApprovedOffline').length;
    // Reserved and released rows never had an offline approval recorded; every other row has exactly one.
    expect(approvedOffline, `${row.payment_id} ${row.state}`).toBe(row.state === 'reserved' || row.state === 'released' ? 0 : 1);
    const outcomes = types.filter((t) => t.startsWith('OfflinePayment'));
    const expected = row.state in OUTCOME_EVENT ? [OUTCOME_EVENT[row.state as keyof typeof OUTCOME_EVENT]] : [];
    expect(outcomes, `${row.payment_id} ${row.state}`).toEqual(expected);
    // Refunded before forwarding: the refund and the row leaving the queue committed together, never one alone.
    const refunds = types.filter((t) => t === 'PaymentRefunded').length;
    expect(refunds, `${row.payment_id} ${row.state}`).toBe(row.state === 'voiding' || row.state === 'voided' ? 1 : 0);
  }
  const voided = new Set(rows.filter((r) => r.state === 'voiding' || r.state === 'voided').map((r) => `card-${r.payment_id}`));
  for (const entry of s.terminal.ledger()) {
    expect(entry.gatewayCharges ?? 0).toBeLessThanOrEqual(1);
    // A payment refunded before forwarding is never charged.
    if (voided.has(entry.idempotencyKey)) expect(entry.gatewayCharges ?? 0, entry.idempotencyKey).toBe(0);
  }
}

describe('store and forward survives SIGKILL at every step', () => {
  it(`keeps the queue and the events in step across ${ITERATIONS} kills, and forwards each payment exactly once`, async () => {
    const dir = tempDir('offline-crash');
    const path = join(dir.path, 'station.sqlite');
    try {
      for (let i = 0; i < ITERATIONS; i += 1) {
        await runAndKill(path);
        const s = openOfflineStation(path, ORIGIN, systemClock);
        try {
          checkConsistent(s);
        } finally {
          s.close();
        }
      }
      // Recover what the kills left in flight, then drain the queue with the gateway accepting.
      const s = openOfflineStation(path, ORIGIN, systemClock);
      try {
        s.terminal.setGateway(true);
        await s.saga.recover();
        await s.refunds.recover();
        for (let round = 0; round < 5 && s.queue.toForward().length > 0; round += 1) await s.forwarder.run();
        checkConsistent(s);
        expect(s.queue.toForward()).toEqual([]);
        const rows = s.db.prepare<[], { idempotency_key: string; state: string }>('SELECT * FROM offline_card_payments').all();
        expect(rows.filter((r) => r.state === 'reserved' || r.state === 'voiding')).toEqual([]);
        // Every payment refunded before forwarding is voided at the terminal too, however the kills fell.
        const voidedKeys = rows.filter((r) => r.state === 'voided').map((r) => r.idempotency_key);
        expect(voidedKeys.length).toBeGreaterThan(0);
        const ledger = new Map(s.terminal.ledger().map((e) => [e.idempotencyKey, e.status]));
        for (const key of voidedKeys) expect(ledger.get(key), key).toBe('voided');
        // The gateway's ledger and the station's books agree: every charge is a captured row and vice versa.
        const charged = new Set(
          s.terminal
            .charges()
            .filter((e) => e.offline)
            .map((e) => e.idempotencyKey),
        );
        const captured = new Set(rows.filter((r) => r.state === 'captured').map((r) => r.idempotency_key));
        expect(charged).toEqual(captured);
        expect(captured.size).toBeGreaterThan(0);
      } finally {
        s.close();
      }
    } finally {
      dir.remove();
    }
  }, 600_000);
});
