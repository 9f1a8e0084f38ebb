import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { PairRequest, PairResponse, RevocationList } from '../../../shared/sync/mesh.js';
import { backoffDelay, NETWORK_BACKOFF } from '../../../shared/util/backoff.js';
import type { Scheduler, TimerHandle } from '../sync/scheduler.js';
import { publicKeyFromBase64, verifyCertificate } from './certificates.js';
import type { Mesh } from './mesh.js';
import type { StationIdentity } from './station-identity.js';

/** While paired: revocations are fetched this often (and a certificate past half its life is renewed). */
const REFRESH_MS = 30_000;

export interface PairingServer {
  storeId(): Promise<string>;
  pairMesh(request: PairRequest): Promise<PairResponse>;
  meshRevocations(): Promise<RevocationList>;
}

export interface MeshPairingDeps {
  server: PairingServer;
  identity: StationIdentity;
  mesh: Pick<Mesh, 'pairingChanged' | 'addRevocations'>;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  random?: () => number;
}

/**
 * Pairing runs whenever the central server is reachable: a station without a (fresh) certificate
 * asks for one, retrying with the network backoff; a paired one renews it from half its life on and
 * fetches the store's revocations, which then spread to peers that have not heard them.
 */
export class MeshPairing {
  private timer: TimerHandle | undefined;
  private attempt = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** The last failure, for diagnostics and logs (never a secret). */
  lastError: string | undefined;

  constructor(private readonly deps: MeshPairingDeps) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** One round now (tests; and after the server comes back). Resolves when it is done; never rejects. */
  refresh(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.deps.scheduler.schedule(delayMs, () => void this.refresh());
  }

  private async round(): Promise<void> {
    try {
      if (this.needsCertificate()) await this.pair();
      else this.deps.mesh.addRevocations((await this.deps.server.meshRevocations()).revocations);
      this.attempt = 0;
      this.lastError = undefined;
      this.schedule(REFRESH_MS);
    } catch (error) {
      this.attempt += 1;
      const message = (error as Error).message;
      if (message !== this.lastError) this.deps.logger.warn({ err: message, attempt: this.attempt }, 'store mesh pairing failed; retrying');
      this.lastError = message;
      this.schedule(backoffDelay(this.attempt, NETWORK_BACKOFF, this.deps.random));
    }
  }

  /** No certificate yet, or past half its life: ask for a new one while the server is reachable. */
  private needsCertificate(): boolean {
    const cert = this.deps.identity.pairing?.body;
    if (!cert) return true;
    return this.deps.clock.now() >= cert.issuedAt + (cert.expiresAt - cert.issuedAt) / 2;
  }

  private async pair(): Promise<void> {
    const { identity, server, clock } = this.deps;
    const storeId = await server.storeId();
    const answer = await server.pairMesh({
      stationId: identity.stationId,
      publicKey: identity.publicKey,
      tlsFingerprint: identity.tls.fingerprint,
    });
    const storeKey = publicKeyFromBase64(answer.storePublicKey);
    const verified = verifyCertificate(answer.certificate, {
      storeKey,
      storeId,
      stationId: identity.stationId,
      now: clock.now(),
      revocations: [],
    });
    if (!verified.ok) throw new Error(`the server's certificate does not verify: ${verified.reason}`);
    // The server answers for this station's own keys, or the certificate would prove nothing here.
    if (verified.body.publicKey !== identity.publicKey || verified.body.tlsFingerprint !== identity.tls.fingerprint)
      throw new Error('the server certified other keys than this station’s');
    const first = identity.pairing === undefined;
    identity.savePairing({ certificate: answer.certificate, body: verified.body, storePublicKey: answer.storePublicKey, storeKey });
    this.deps.logger.info(
      { storeId, serial: verified.body.serial, expiresAt: verified.body.expiresAt },
      first ? 'paired into the store mesh' : 'store mesh certificate renewed',
    );
    this.deps.mesh.pairingChanged();
    this.deps.mesh.addRevocations(answer.revocations);
  }
}
