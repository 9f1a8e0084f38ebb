import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';

/** One WebSocket frame as a fuzzer builds it: every field free, including the lies a client can tell. */
export interface RawFrame {
  fin: boolean;
  /** The three reserved bits (0-7); anything but 0 is a protocol error without an extension. */
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  /** A length to declare instead of the payload's (too large, 2^63-1, …). */
  declaredLength?: bigint;
}

/** Encodes a frame as it goes on the wire (RFC 6455 §5.2), masking the payload when asked. */
export function encodeFrame(frame: RawFrame): Buffer {
  const length = frame.declaredLength ?? BigInt(frame.payload.length);
  const head = [((frame.fin ? 1 : 0) << 7) | ((frame.rsv & 7) << 4) | (frame.opcode & 15)];
  const maskBit = frame.masked ? 0x80 : 0;
  let extended: Buffer;
  if (length < 126n) {
    head.push(maskBit | Number(length));
    extended = Buffer.alloc(0);
  } else if (length < 65536n) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length & 0xffff_ffff_ffff_ffffn);
  }
  if (!frame.masked) return Buffer.concat([Buffer.from(head), extended, frame.payload]);
  const mask = randomBytes(4);
  const payload = Buffer.from(frame.payload);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from(head), extended, mask, payload]);
}

/** A well-formed upgrade request for `path`, with headers to add or override (null removes one). */
export function upgradeRequest(path: string, host: string, headers: Record<string, string | null> = {}): string {
  const base: Record<string, string | null> = {
    Host: host,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    ...headers,
  };
  const lines = Object.entries(base).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

export interface Exchange {
  /** Everything the server sent (up to a bound). */
  received: Buffer;
  /** Whether the server closed (or reset) before the deadline. */
  closedByServer: boolean;
}

/**
 * Connects, writes the chunks in order (the rest after the server's first answer, when `afterFirstAnswer`),
 * reads until the server closes or the deadline, then destroys the socket. Never rejects: a reset or
 * refused handshake is an answer too.
 */
export function exchange(
  target: { port: number; host?: string; tls?: ConnectionOptions | undefined; localAddress?: string },
  chunks: readonly (string | Buffer)[],
  options: { deadlineMs: number; afterFirstAnswer?: boolean; maxBytes?: number },
): Promise<Exchange> {
  return new Promise((resolve) => {
    const host = target.host ?? '127.0.0.1';
    const parts: Buffer[] = [];
    let size = 0;
    let done = false;
    let rest: readonly (string | Buffer)[] = chunks;
    const socket: Socket = target.tls
      ? tlsConnect({ port: target.port, host, rejectUnauthorized: false, ...target.tls }, write)
      : tcpConnect({ port: target.port, host, ...(target.localAddress ? { localAddress: target.localAddress } : {}) }, write);
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(parts), closedByServer });
    };
    const timer = setTimeout(() => finish(false), options.deadlineMs);
    // The first chunk on connect; the others at once, or (a WebSocket's frames) once the handshake is answered.
    function write(): void {
      const now = options.afterFirstAnswer && rest === chunks ? rest.slice(0, 1) : rest;
      rest = rest === chunks && options.afterFirstAnswer ? rest.slice(1) : [];
      for (const chunk of now) if (!socket.destroyed) socket.write(chunk);
    }
    socket.on('data', (chunk: Buffer) => {
      if (size < (options.maxBytes ?? 64 * 1024)) parts.push(chunk);
      size += chunk.length;
      if (rest !== chunks && rest.length > 0) write();
    });
    socket.on('error', () => finish(true));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** The status code of the first HTTP response line in `received`, or undefined. */
export function statusOf(received: Buffer): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(received.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : undefined;
}
