import WebSocket from 'ws';
import { wsText } from '../ipc/ws-text.js';
import { MeshKey, newNonce } from '../mesh/mesh-auth.js';
import { MESH_PROTOCOL_VERSION, type PeerFrame } from '../mesh/protocol.js';

/** A hand-driven peer for tests: speaks the wire frame by frame, right or wrong. */
export class RawPeer {
  readonly frames: PeerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly nonce = newNonce();
  private readonly socket: WebSocket;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(wsText(data)) as PeerFrame));
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.socket.on('error', () => undefined);
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(frame: object | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Hello and proof as a dialer with `key`; resolves with the station's first frame after the proof. */
  async handshake(p: { key: string; stationId: string; storeId?: string; now?: number }): Promise<PeerFrame> {
    await this.opened();
    const storeId = p.storeId ?? 'store';
    this.send({ t: 'hello', v: MESH_PROTOCOL_VERSION, storeId, stationId: p.stationId, nonce: this.nonce, now: p.now ?? Date.now() });
    const hello = await this.next('hello');
    if (hello.t !== 'hello') throw new Error('no hello');
    const mac = new MeshKey(p.key).prove({
      verifierNonce: hello.nonce,
      proverNonce: this.nonce,
      proverRole: 'dialer',
      proverId: p.stationId,
      storeId,
    });
    this.send({ t: 'proof', mac });
    return this.next((f) => f.t !== 'proof');
  }

  async next(match: PeerFrame['t'] | ((frame: PeerFrame) => boolean), timeoutMs = 5_000): Promise<PeerFrame> {
    const test = typeof match === 'string' ? (f: PeerFrame) => f.t === match : match;
    const started = Date.now();
    for (;;) {
      const index = this.frames.findIndex(test);
      if (index >= 0) return this.frames.splice(index, 1)[0]!;
      if (Date.now() - started > timeoutMs) throw new Error(`no matching peer frame; have ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Polls until `check` holds (real sockets, real timers). */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
