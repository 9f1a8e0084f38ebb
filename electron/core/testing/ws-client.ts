import { wsText } from '../ipc/ws-text.js';
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerFrame } from '../../../shared/ipc/wire.js';

/** A minimal test client for the station's WebSocket IPC: collects frames and close codes. */
export class TestWsClient {
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly socket: WebSocket;
  private nextId = 1;

  /** `options`: e.g. `localAddress: '127.0.0.2'` to play a LAN device, `rejectUnauthorized: false` for wss. */
  constructor(url: string, headers: Record<string, string> = {}, options: ClientOptions = {}) {
    this.socket = new WebSocket(url, { ...options, headers });
    this.socket.on('message', (data) => this.frames.push(JSON.parse(wsText(data)) as ServerFrame));
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.socket.on('error', () => undefined);
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  async auth(token: string): Promise<ServerFrame> {
    this.send({ t: 'auth', token });
    return this.next((f) => f.t === 'welcome' || f.t === 'error');
  }

  async request(cmd: string, args: unknown): Promise<Extract<ServerFrame, { t: 'res' }>['result']> {
    const id = String(this.nextId++);
    this.send({ t: 'req', id, cmd, args });
    const frame = await this.next((f) => f.t === 'res' && f.id === id);
    if (frame.t !== 'res') throw new Error('unexpected frame');
    return frame.result;
  }

  async next(match: (frame: ServerFrame) => boolean, timeoutMs = 5_000): Promise<ServerFrame> {
    const started = Date.now();
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (Date.now() - started > timeoutMs)
        throw new Error(`no matching frame within ${timeoutMs} ms; have ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}
