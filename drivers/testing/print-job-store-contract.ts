import assert from 'node:assert/strict';
import { testPageReceipt } from '../escpos/test-receipt.js';
import type { NewPrintJob } from '../queue/print-job.js';
import type { PrintJobStore } from '../queue/print-job-store.js';

export function newJob(overrides: Partial<NewPrintJob> = {}): NewPrintJob {
  return {
    id: 'job-1',
    idempotencyKey: 'receipt:order-1',
    printerId: 'counter',
    route: 'receipt',
    kind: 'receipt',
    document: testPageReceipt(),
    bytes: Uint8Array.of(0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x00),
    profileId: 'epson-tm-t88',
    state: 'queued',
    reprintOf: null,
    orderId: 'order-1',
    createdAt: 100,
    queuedAt: 100,
    ...overrides,
  };
}

/** The test runner's describe/it, passed in: drivers/ code may not import the test framework. */
export interface SuiteApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => void | Promise<void>): void;
}

/** The behaviour every PrintJobStore must have; run against the in-memory and the SQLite store. */
export function printJobStoreContract(
  { describe, it }: SuiteApi,
  name: string,
  make: () => { store: PrintJobStore; close?: () => void },
): void {
  describe(`${name} (PrintJobStore contract)`, () => {
    it('stores document and exact bytes, and is idempotent on the key', () => {
      const { store, close } = make();
      const { job, created } = store.insert(newJob(), 111);
      assert.equal(created, true);
      assert.deepEqual(
        {
          id: job.id,
          state: job.state,
          attempts: job.attempts,
          lastError: job.lastError,
          updatedAt: job.updatedAt,
          doneAt: job.doneAt,
          orderId: job.orderId,
        },
        { id: 'job-1', state: 'queued', attempts: 0, lastError: null, updatedAt: 111, doneAt: null, orderId: 'order-1' },
      );
      assert.deepEqual([...job.bytes], [0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x00]);
      assert.deepEqual(job.document, testPageReceipt());
      const again = store.insert(newJob({ id: 'job-2' }), 222);
      assert.equal(again.created, false);
      assert.equal(again.job.id, 'job-1');
      assert.equal(store.get('job-2'), undefined);
      assert.equal(store.findByKey('receipt:order-1')?.id, 'job-1');
      close?.();
    });

    it('updates only from the expected states (compare-and-set)', () => {
      const { store, close } = make();
      store.insert(newJob(), 1);
      assert.equal(store.update('job-1', ['sending'], { state: 'done' }, 2), undefined);
      const sending = store.update('job-1', ['queued'], { state: 'sending', attempts: 1 }, 3);
      assert.deepEqual([sending?.state, sending?.attempts, sending?.updatedAt], ['sending', 1, 3]);
      assert.equal(store.update('job-1', ['queued'], { state: 'sending' }, 4), undefined);
      const moved = store.update(
        'job-1',
        ['sending'],
        {
          state: 'sent-unconfirmed',
          lastError: 'x',
          printerId: 'bar',
          profileId: 'generic-58',
          bytes: Uint8Array.of(9),
          document: testPageReceipt({ reprint: true }),
          doneAt: null,
        },
        5,
      );
      assert.deepEqual(
        [moved?.state, moved?.lastError, moved?.printerId, moved?.profileId, moved?.document.reprint],
        ['sent-unconfirmed', 'x', 'bar', 'generic-58', true],
      );
      assert.deepEqual([...(moved?.bytes ?? [])], [9]);
      const done = store.update('job-1', ['sent-unconfirmed', 'sending'], { state: 'done', doneAt: 6, lastError: null }, 6);
      assert.deepEqual([done?.state, done?.doneAt, done?.lastError], ['done', 6, null]);
      assert.equal(store.update('missing', ['queued'], { state: 'done' }, 7), undefined);
      close?.();
    });

    it('hands out queued jobs per printer by queuedAt, then insertion order', () => {
      const { store, close } = make();
      store.insert(newJob({ id: 'a', idempotencyKey: 'a', queuedAt: 10 }), 10);
      store.insert(newJob({ id: 'b', idempotencyKey: 'b', queuedAt: 20 }), 20);
      store.insert(newJob({ id: 'other', idempotencyKey: 'other', printerId: 'grill', queuedAt: 1 }), 20);
      store.insert(newJob({ id: 'copy-of-a', idempotencyKey: 'a#reprint-1', queuedAt: 10, reprintOf: 'a' }), 30);
      store.insert(newJob({ id: 'c', idempotencyKey: 'c', queuedAt: 10 }), 40);
      assert.equal(store.nextQueued('counter')?.id, 'a');
      store.update('a', ['queued'], { state: 'failed' }, 50);
      assert.equal(store.nextQueued('counter')?.id, 'copy-of-a');
      store.update('copy-of-a', ['queued'], { state: 'done' }, 50);
      assert.equal(store.nextQueued('counter')?.id, 'c');
      assert.equal(store.nextQueued('grill')?.id, 'other');
      assert.equal(store.nextQueued('nobody'), undefined);
      assert.equal(store.countReprints('a'), 1);
      assert.equal(store.countReprints('b'), 0);
      close?.();
    });

    it('lists newest first with filters', () => {
      const { store, close } = make();
      for (const [i, id] of ['a', 'b', 'c'].entries())
        store.insert(
          newJob({ id, idempotencyKey: id, route: i === 2 ? 'kitchen:grill' : 'receipt', printerId: i === 2 ? 'grill' : 'counter' }),
          i,
        );
      store.update('b', ['queued'], { state: 'done' }, 9);
      assert.deepEqual(
        store.list().map((j) => j.id),
        ['c', 'b', 'a'],
      );
      assert.deepEqual(
        store.list({ states: ['queued'] }).map((j) => j.id),
        ['c', 'a'],
      );
      assert.deepEqual(store.list({ states: [] }), []);
      assert.deepEqual(
        store.list({ printerId: 'counter', limit: 1 }).map((j) => j.id),
        ['b'],
      );
      assert.deepEqual(
        store.list({ route: 'kitchen:grill' }).map((j) => j.id),
        ['c'],
      );
      close?.();
    });
  });
}
