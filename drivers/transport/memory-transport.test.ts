import { describe, expect, it } from 'vitest';
import { MemoryTransport } from './memory-transport.js';
import type { TransportCloseReason } from './transport.js';

describe('MemoryTransport', () => {
  it('records writes, injects data and reports simulated close reasons', async () => {
    const transport = new MemoryTransport({ id: 'mem' });
    const received: string[] = [];
    const reasons: TransportCloseReason[] = [];
    transport.onData((chunk) => received.push(Buffer.from(chunk).toString('latin1')));
    transport.onClose((reason) => reasons.push(reason));
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ reason: { kind: 'closed' } });

    await transport.open();
    const buffer = Uint8Array.of(1, 2);
    await transport.write(buffer);
    buffer[0] = 9; // the transport kept a copy
    await transport.write(Uint8Array.of(3));
    expect([...transport.written()]).toEqual([1, 2, 3]);
    expect(transport.writes()).toHaveLength(2);

    transport.receive('abc');
    expect(received).toEqual(['abc']);

    transport.simulateClose({ kind: 'unplugged', message: 'cable pulled' });
    expect(reasons).toEqual([{ kind: 'unplugged', message: 'cable pulled' }]);
    await expect(transport.write(Uint8Array.of(4))).rejects.toMatchObject({ reason: { kind: 'unplugged' } });
  });

  it('can fail the next open with a given reason', async () => {
    const transport = new MemoryTransport();
    transport.failNextOpen({ kind: 'permission_denied', message: 'EACCES', fix: 'join lp' });
    await expect(transport.open()).rejects.toMatchObject({ name: 'TransportError', reason: { kind: 'permission_denied' } });
    await transport.open();
    expect(transport.isOpen).toBe(true);
  });

  it('keeps other listeners running when one throws', async () => {
    const transport = new MemoryTransport();
    await transport.open();
    let reached = false;
    transport.onData(() => {
      throw new Error('ui bug');
    });
    transport.onData(() => {
      reached = true;
    });
    expect(() => transport.receive('x')).not.toThrow();
    expect(reached).toBe(true);
  });
});
