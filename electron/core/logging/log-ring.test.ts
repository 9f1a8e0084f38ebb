import { teeLogger } from './log-tee.js';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../shared/logger.js';
import { LogRing } from './log-ring.js';

function spy(): { logger: Logger; calls: string[] } {
  const calls: string[] = [];
  const logger: Logger = {
    debug: (_f, m) => calls.push(`debug ${m}`),
    info: (_f, m) => calls.push(`info ${m}`),
    warn: (_f, m) => calls.push(`warn ${m}`),
    error: (_f, m) => calls.push(`error ${m}`),
    child: () => logger,
  };
  return { logger, calls };
}

describe('log ring', () => {
  it('keeps lines newest first with child bindings, and still forwards every call', () => {
    let now = 1000;
    const ring = new LogRing(() => now++, 100);
    const { logger, calls } = spy();
    const log = teeLogger(logger, [ring]).child({ component: 'sync' });
    log.debug({}, 'too chatty to keep');
    log.info({ orderId: 'o1', jobId: 'j1' }, 'receipt queued');
    log.child({ orderId: 'o2' }).error({ err: new Error('paper out') }, 'print failed');
    expect(calls).toEqual(['debug too chatty to keep', 'info receipt queued', 'error print failed']);
    expect(ring.query()).toEqual([
      { seq: 2, at: 1001, level: 'error', message: 'print failed', component: 'sync', orderId: 'o2', fields: { err: 'paper out' } },
      { seq: 1, at: 1000, level: 'info', message: 'receipt queued', component: 'sync', orderId: 'o1', fields: { jobId: 'j1' } },
    ]);
  });

  it('filters by lowest level and order id, limits, and forgets the oldest beyond capacity', () => {
    const ring = new LogRing(() => 0, 3);
    const log = teeLogger(silentLogger, [ring]);
    log.info({ orderId: 'a' }, 'one');
    log.warn({ orderId: 'b' }, 'two');
    log.error({ orderId: 'a' }, 'three');
    log.info({ orderId: 'a' }, 'four');
    expect(ring.query().map((l) => l.message)).toEqual(['four', 'three', 'two']);
    expect(ring.query({ minLevel: 'warn' }).map((l) => l.message)).toEqual(['three', 'two']);
    expect(ring.query({ orderId: 'a' }).map((l) => l.message)).toEqual(['four', 'three']);
    expect(ring.query({ limit: 1 }).map((l) => l.message)).toEqual(['four']);
  });

  it('cuts long field values and survives values JSON cannot print', () => {
    const ring = new LogRing(() => 0);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    teeLogger(silentLogger, [ring]).info({ big: 'x'.repeat(1000), circular }, 'odd fields');
    const [line] = ring.query();
    expect(line!.fields.big).toHaveLength(301);
    expect(line!.fields.circular).toBe('[object Object]');
  });
});
