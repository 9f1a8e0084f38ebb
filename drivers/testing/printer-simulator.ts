import { createServer, type Server, type Socket } from 'node:net';
import type { MockPortBinding } from '@serialport/binding-mock';
import { SerialPort } from 'serialport';
import { EscPosPrinterModel } from '../virtual/escpos-printer-model.js';
import type { SerialBinding } from '../transport/serial-transport.js';
import type { FakeUsbPrinter } from './fake-usb.js';

/**
 * Puts a printer model behind a @serialport/binding-mock port: every byte the host writes reaches the
 * model, and the model's replies arrive as incoming serial data (after the write returns, as on a wire).
 */
export function attachModelToMockPort(port: MockPortBinding, model: EscPosPrinterModel): () => void {
  const write = port.write.bind(port);
  port.write = async (buffer: Buffer): Promise<void> => {
    await write(buffer);
    model.receive(Uint8Array.from(buffer));
  };
  return model.onReply((bytes) =>
    setImmediate(() => {
      if (port.isOpen) port.emitData(Buffer.from(bytes));
    }),
  );
}

/** Puts a printer model behind a fake `usb` v3 device: bulk OUT feeds it, replies come back on bulk IN. */
export function attachModelToFakeUsb(device: FakeUsbPrinter, model: EscPosPrinterModel): () => void {
  device.onWrite = (bytes) => model.receive(bytes);
  return model.onReply((bytes) => setImmediate(() => device.reply(bytes)));
}

export interface TcpPrinterSimulator {
  port: number;
  model: EscPosPrinterModel;
  connections(): number;
  /** Drops every open connection, as a printer power cycle or a network blip does. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** A network printer on 127.0.0.1: a raw port (like 9100) in front of the model. */
export async function startTcpPrinterSimulator(model: EscPosPrinterModel = new EscPosPrinterModel()): Promise<TcpPrinterSimulator> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    const off = model.onReply((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => model.receive(Uint8Array.from(chunk)));
    socket.on('error', () => {});
    socket.on('close', () => {
      off();
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator has no TCP port');
  return {
    port: address.port,
    model,
    connections: () => accepted,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface SimulatedSerialBus {
  /** Pass as `serialBinding`: opens MockBinding ports and wires each to its path's printer model. */
  binding: SerialBinding;
  /** Ports list() reports; remove a path to simulate an unplugged adapter. */
  present: Set<string>;
  /** The open mock port for a path (the newest one). */
  port(path: string): MockPortBinding | undefined;
}

/**
 * Serial ports on @serialport/binding-mock with printer models behind some of them. Create the ports with
 * MockBinding.createPort first; call MockBinding.reset() afterwards.
 */
export function simulatedSerialBus(
  MockBinding: {
    open(options: { path: string; baudRate: number }): Promise<MockPortBinding>;
    list(): Promise<{ path: string; vendorId?: string | undefined; productId?: string | undefined }[]>;
  },
  models: Record<string, EscPosPrinterModel> = {},
): SimulatedSerialBus {
  const ports = new Map<string, MockPortBinding>();
  const present = new Set<string>();
  return {
    present,
    port: (path) => ports.get(path),
    binding: {
      list: async () => (await MockBinding.list()).filter((p) => present.has(p.path)),
      open: async (options) => {
        if (!present.has(options.path)) throw new Error(`Error: No such file or directory, cannot open ${options.path}`);
        const port = await MockBinding.open(options);
        ports.set(options.path, port);
        const model = models[options.path];
        if (model) attachModelToMockPort(port, model);
        return port;
      },
    },
  };
}

/** The device end of a real serial line (e.g. a socat pty) played by a printer model. */
export async function openSimulatedPrinterPort(
  path: string,
  baudRate: number,
  model: EscPosPrinterModel,
): Promise<{ port: SerialPort; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  port.on('data', (chunk: Buffer) => model.receive(Uint8Array.from(chunk)));
  port.on('error', () => {});
  const off = model.onReply((bytes) => {
    if (port.isOpen) port.write(Buffer.from(bytes));
  });
  return {
    port,
    close: async () => {
      off();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
