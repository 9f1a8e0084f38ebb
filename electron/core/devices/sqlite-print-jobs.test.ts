import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CashDrawer } from '../../../drivers/devices/cash-drawer.js';
import { PrinterDevice } from '../../../drivers/devices/printer-device.js';
import { VirtualReceiptPrinter } from '../../../drivers/devices/virtual-printer.js';
import { PRINTER_PROFILES } from '../../../drivers/escpos/printer-profile.js';
import { REPRINT_BANNER } from '../../../drivers/escpos/receipt-encoder.js';
import { testPageReceipt } from '../../../drivers/escpos/test-receipt.js';
import { PrintQueue } from '../../../drivers/queue/print-queue.js';
import { newJob, printJobStoreContract } from '../../../drivers/testing/print-job-store-contract.js';
import { until } from '../../../drivers/testing/until.js';
import { silentLogger } from '../../../shared/logger.js';
import { openDatabase, type Db } from '../db/open-database.js';
import { tempDir } from '../testing/fixtures.js';
import { SqliteDrawerKickLog, SqlitePrintJobStore } from './sqlite-print-jobs.js';

const dirs: { remove: () => void }[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) dir.remove();
});

function database(): { db: Db; path: string } {
  const dir = tempDir('print-jobs');
  dirs.push(dir);
  const path = join(dir.path, 'station.sqlite');
  return { db: openDatabase(path, silentLogger), path };
}

printJobStoreContract({ describe, it }, 'SqlitePrintJobStore', () => {
  const { db } = database();
  return { store: new SqlitePrintJobStore(db), close: () => db.close() };
});

describe('print jobs in the station database', () => {
  it('migration 2 creates the tables with their state checks', () => {
    const { db } = database();
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    const store = new SqlitePrintJobStore(db);
    store.insert(newJob(), 1);
    expect(() => db.prepare("UPDATE print_jobs SET state = 'printed' WHERE id = 'job-1'").run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('survives a restart: a job left "sending" is reprinted as a copy, a repeated key prints nothing', async () => {
    const { db, path } = database();
    const first = new SqlitePrintJobStore(db);
    first.insert(newJob({ id: 'crashed', idempotencyKey: 'receipt:o1', document: testPageReceipt({ orderLabel: 'Order #1' }) }), 1);
    first.update('crashed', ['queued'], { state: 'sending', attempts: 1 }, 2);
    db.close();

    // The station comes back.
    const reopened = openDatabase(path, silentLogger);
    const store = new SqlitePrintJobStore(reopened);
    const virtual = new VirtualReceiptPrinter();
    const device = new PrinterDevice({
      id: 'counter',
      transport: virtual,
      profile: PRINTER_PROFILES['epson-tm-t88'],
      heartbeatMs: 20,
      statusTimeoutMs: 40,
    });
    let n = 0;
    const queue = new PrintQueue({
      store,
      printers: new Map([['counter', { device }]]),
      routing: { receipt: { printer: 'counter' } },
      newId: () => `new-${++n}`,
    });
    cleanups.push(async () => {
      await queue.stop();
      await device.stop();
      reopened.close();
    });
    device.start();
    queue.start();
    await until(() => store.list({ states: ['done'] }).length === 1);
    expect(store.get('crashed')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('reprinted as job new-1') });
    expect(store.get('new-1')).toMatchObject({ reprintOf: 'crashed', idempotencyKey: 'receipt:o1#reprint-1', state: 'done' });
    expect(virtual.documents()).toHaveLength(1);
    expect(virtual.documents()[0]?.lines[0]).toBe(REPRINT_BANNER);

    expect(queue.submit({ idempotencyKey: 'receipt:o1', document: testPageReceipt() }).id).toBe('crashed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(virtual.documents()).toHaveLength(1);
  });

  it('keeps the drawer audit trail and never leaves a kick pending after a restart', async () => {
    const { db } = database();
    const log = new SqliteDrawerKickLog(db);
    const virtual = new VirtualReceiptPrinter();
    const device = new PrinterDevice({
      id: 'counter',
      transport: virtual,
      profile: PRINTER_PROFILES['epson-tm-t88'],
      heartbeatMs: 20,
      statusTimeoutMs: 40,
    });
    cleanups.push(async () => {
      await device.stop();
      db.close();
    });
    device.start();
    await device.whenState((s) => s === 'ready');
    let n = 0;
    const drawer = new CashDrawer({ id: 'drawer', printer: device, log, newId: () => `kick-${++n}` });
    const sent = await drawer.open({ orderId: 'o1', shiftId: 'shift-1', reason: 'sale', requestedBy: 'ana' });
    virtual.simulateClose({ kind: 'unplugged', message: 'cable' });
    const failed = await drawer.open({ orderId: 'o2', shiftId: 'shift-1', reason: 'sale' });
    expect(log.list({ shiftId: 'shift-1' }).map((k) => [k.id, k.state, k.method, k.orderId])).toEqual([
      ['kick-2', 'failed', null, 'o2'],
      ['kick-1', 'sent', 'esc-p', 'o1'],
    ]);
    expect(log.list({ orderId: 'o1' })).toEqual([sent]);
    expect(failed.error).toContain('not opened');

    log.insert({ ...sent, id: 'kick-3', state: 'requested', method: null, completedAt: null });
    expect(log.markUnfinishedUnknown(99)).toBe(1);
    expect(log.list().find((k) => k.id === 'kick-3')).toMatchObject({ state: 'unknown', completedAt: 99 });
  });
});
