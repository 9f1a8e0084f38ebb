import { tlsFingerprint } from '../electron/core/mesh/station-identity.js';
import type { SimNetwork } from './network.js';
import type { SimRandom } from './random.js';
import type { SimStation } from './sim-station.js';
import type { SimWorld } from './world.js';

/**
 * The mesh's dialling, as the simulation does it: each pair of stations keeps one connection,
 * dialled by the smaller id (what the mesh converges to when both list each other), redialled with
 * a jittered backoff (250 ms doubling to 4 s) whenever it ends or the peer cannot be reached.
 */
export function maintainLinks(world: SimWorld, net: SimNetwork, stations: readonly SimStation[], random: SimRandom): void {
  const sorted = [...stations].sort((x, y) => (x.id < y.id ? -1 : 1));
  for (const [i, a] of sorted.entries()) for (const b of sorted.slice(i + 1)) new PairLink(world, net, a, b, random).dialSoon(0);
}

/** Canary: the DER an interceptor in between would present instead (any bytes no station certificate pins). */
const INTERCEPTOR_CERTIFICATE = Buffer.from('a certificate no station of the store pinned');

class PairLink {
  private attempt = 0;
  private live: object | undefined;

  constructor(
    private readonly world: SimWorld,
    private readonly net: SimNetwork,
    private readonly a: SimStation,
    private readonly b: SimStation,
    private readonly random: SimRandom,
  ) {}

  dialSoon(delayMs: number): void {
    this.world.after(delayMs, `dial ${this.a.id}->${this.b.id}`, () => this.dial());
  }

  private backoff(): number {
    const base = Math.min(4_000, 250 * 2 ** Math.min(this.attempt, 5));
    return Math.round(base * (0.8 + 0.4 * this.random.next()));
  }

  private dial(): void {
    if (this.live) return;
    const pa = this.a.running;
    const pb = this.b.running;
    if (!pa || !pb || !this.net.lanReachable(this.a.id, this.b.id)) {
      this.attempt += 1;
      this.dialSoon(this.backoff());
      return;
    }
    const connection = this.net.connect(this.a.id, this.b.id);
    const token = {};
    this.live = token;
    this.attempt = 0;
    this.world.trace(`connect ${this.a.id}->${this.b.id}`);
    const ended = () => {
      if (this.live !== token) return;
      this.live = undefined;
      this.attempt += 1;
      this.dialSoon(this.backoff());
    };
    // The link plays TLS: each end is told the fingerprint of the certificate the other end's process
    // presented (or, canary, an interceptor's own).
    const presented = (certificate: Buffer) => tlsFingerprint(this.a.planted.interceptTls ? INTERCEPTOR_CERTIFICATE : certificate);
    pa.attach(connection.a, 'dialer', presented(pb.tlsCertificate), ended);
    pb.attach(connection.b, 'listener', presented(pa.tlsCertificate), ended);
  }
}
