import { MockBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { capturingMockBinding, permissionDeniedBinding, unplugOnNextRead } from '../testing/mock-serial.js';
import { SerialTransport } from './serial-transport.js';
import { TransportError, type TransportCloseReason } from './transport.js';

const PATH = '/dev/ttyMOCK0';

function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 1);
    };
    tick();
  });
}

async function openError(transport: SerialTransport): Promise<TransportError> {
  const error: unknown = await transport.open().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  MockBinding.reset();
});

describe('SerialTransport over MockBinding', () => {
  it('writes bytes to the port and resolves after drain', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: mock.binding });
    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.write(Uint8Array.of(0x1b, 0x40));
    await transport.write(new TextEncoder().encode('hello\n'));
    expect([...mock.last().recording]).toEqual([0x1b, 0x40, ...Buffer.from('hello\n')]);
    await transport.close();
  });

  it('delivers incoming chunks to onData', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: mock.binding });
    const received: number[] = [];
    transport.onData((chunk) => received.push(...chunk));
    await transport.open();
    mock.last().emitData(Buffer.from([0x12]));
    mock.last().emitData('ab');
    await until(() => received.length === 3);
    expect(received).toEqual([0x12, 0x61, 0x62]);
    await transport.close();
  });

  it('reports a port that does not exist as a typed "unplugged" error', async () => {
    const transport = new SerialTransport({ path: '/dev/ttyNOPE', baudRate: 9600, binding: MockBinding });
    const error = await openError(transport);
    expect(error.reason.kind).toBe('unplugged');
    expect(error.message).toContain('Port does not exist');
    expect(transport.isOpen).toBe(false);
  });

  it('reports a port locked by another opener as "refused"', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const first = new SerialTransport({ path: PATH, baudRate: 9600, binding: MockBinding });
    await first.open();
    const error = await openError(new SerialTransport({ path: PATH, baudRate: 9600, binding: MockBinding }));
    expect(error.reason.kind).toBe('refused');
    await first.close();
  });

  it('maps EACCES to permission_denied with the group to join', async () => {
    const error = await openError(new SerialTransport({ path: '/dev/ttyUSB0', baudRate: 9600, binding: permissionDeniedBinding() }));
    expect(error.reason).toMatchObject({ kind: 'permission_denied', message: 'Error: Permission denied, cannot open /dev/ttyUSB0' });
    expect(error.reason.kind === 'permission_denied' && error.reason.fix).toMatch(/usermod -aG dialout/);
  });

  it('reports a requested close once, then refuses writes', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: MockBinding });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    await transport.close();
    await transport.close();
    expect(reasons).toEqual([{ kind: 'closed' }]);
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ name: 'TransportError', reason: { kind: 'closed' } });
  });

  it('reports an unplug (a failing read) as "unplugged" and can reopen afterwards', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: mock.binding });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    transport.onData(() => {});
    await transport.open();
    const port = mock.last();
    unplugOnNextRead(port);
    port.emitData('x'); // completes the pending read; the next read fails
    await until(() => reasons.length > 0);
    expect(reasons).toEqual([{ kind: 'unplugged', message: 'EIO: i/o error, read' }]);
    expect(transport.isOpen).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ reason: { kind: 'unplugged' } });

    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.write(Uint8Array.of(7));
    expect([...mock.last().recording]).toEqual([7]);
    await transport.close();
  });

  it('rejects a write that fails because the device vanished', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: mock.binding });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    mock.last().write = async () => {
      throw new Error('ENXIO: no such device or address, write');
    };
    const error: unknown = await transport.write(Uint8Array.of(1, 2, 3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).reason.kind).toBe('unplugged');
    await until(() => reasons.length > 0);
    expect(reasons.map((r) => r.kind)).toEqual(['unplugged']);
  });

  it('shares one open between concurrent callers', async () => {
    MockBinding.createPort(PATH, { echo: false, record: true });
    const mock = capturingMockBinding();
    const transport = new SerialTransport({ path: PATH, baudRate: 9600, binding: mock.binding });
    await Promise.all([transport.open(), transport.open(), transport.open()]);
    expect(mock.opened).toHaveLength(1);
    await transport.close();
  });
});
