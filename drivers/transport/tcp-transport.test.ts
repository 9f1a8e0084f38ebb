import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/until.js';
import { TcpTransport } from './tcp-transport.js';
import { TransportError, type TransportCloseReason } from './transport.js';

const servers: Server[] = [];
const accepted: Socket[] = [];

afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

interface Peer {
  port: number;
  sockets: Socket[];
  received: () => Buffer;
}

async function listen(onConnection: (socket: Socket) => void = () => {}): Promise<Peer> {
  const sockets: Socket[] = [];
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    accepted.push(socket);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, sockets, received: () => Buffer.concat(chunks) };
}

async function openError(transport: TcpTransport): Promise<TransportError> {
  const error: unknown = await transport.open().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected TransportError, got ${String(error)}`);
  return error;
}

describe('TcpTransport', () => {
  it('reuses one connection for every write and delivers replies', async () => {
    const peer = await listen((socket) => socket.on('data', () => socket.write(Buffer.of(0x12))));
    const transport = new TcpTransport({ host: '127.0.0.1', port: peer.port });
    const replies: number[] = [];
    transport.onData((chunk) => replies.push(...chunk));
    await transport.open();
    await transport.write(Uint8Array.of(0x10, 0x04, 0x01));
    await transport.open();
    await transport.write(Uint8Array.of(0x10, 0x04, 0x02));
    await until(() => peer.received().length === 6 && replies.length >= 1);
    expect(peer.sockets).toHaveLength(1);
    expect([...peer.received()]).toEqual([0x10, 0x04, 0x01, 0x10, 0x04, 0x02]);
    expect(replies[0]).toBe(0x12);
    await transport.close();
  });

  it('reports a refused connection with the fix', async () => {
    const peer = await listen();
    const closed = servers.pop();
    await new Promise((resolve) => closed?.close(resolve));
    const error = await openError(new TcpTransport({ host: '127.0.0.1', port: peer.port }));
    expect(error.reason).toMatchObject({ kind: 'refused', fix: expect.stringContaining('9100') });
  });

  it('times out a connect that never completes', async () => {
    const transport = new TcpTransport({ host: '192.0.2.1', connectTimeoutMs: 50, connect: () => new Socket() });
    const error = await openError(transport);
    expect(error.reason).toEqual({ kind: 'timeout' });
    expect(transport.isOpen).toBe(false);
  });

  it('drops the connection when the printer stops reading (write timeout)', async () => {
    const peer = await listen((socket) => socket.pause());
    const transport = new TcpTransport({ host: '127.0.0.1', port: peer.port, writeTimeoutMs: 100 });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    const error: unknown = await transport.write(new Uint8Array(64 * 1024 * 1024)).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: { kind: 'timeout' } });
    await until(() => reasons.length === 1);
    expect(reasons).toEqual([{ kind: 'timeout' }]);
  });

  it('reports the printer closing the connection as unplugged and reconnects on the next open', async () => {
    const peer = await listen();
    const transport = new TcpTransport({ host: '127.0.0.1', port: peer.port });
    const reasons: TransportCloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    await transport.open();
    await until(() => peer.sockets.length === 1);
    peer.sockets[0]?.destroy();
    await until(() => reasons.length === 1);
    expect(reasons[0]?.kind).toBe('unplugged');
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ reason: { kind: 'unplugged' } });
    await transport.open();
    await transport.write(Uint8Array.of(7));
    await until(() => peer.received().includes(7));
    expect(peer.sockets).toHaveLength(2);
    await transport.close();
    expect(reasons.map((r) => r.kind)).toEqual(['unplugged', 'closed']);
  });
});
