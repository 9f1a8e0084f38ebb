import { generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import WebSocket from 'ws';
import { MESH_CERT_KIND, PairResponse, type SignedDocument, type StationCertificateBody } from '../../../shared/sync/mesh.js';
import { wsText } from '../ipc/ws-text.js';
import { newNonce, signProof } from '../mesh/mesh-auth.js';
import { presentedFingerprint } from '../mesh/peer-tls-server.js';
import { MESH_PROTOCOL_VERSION, type PeerFrame } from '../mesh/protocol.js';
import { tlsFingerprint, type PeerTlsIdentity } from '../mesh/station-identity.js';

/** A hand-made station identity for tests: keys, a TLS certificate, and a certificate (the server's, or a forged one). */
export interface RawIdentity {
  stationId: string;
  signingKey: KeyObject;
  publicKey: string;
  tls: PeerTlsIdentity;
  certificate: SignedDocument | undefined;
}

export async function rawTls(): Promise<PeerTlsIdentity> {
  const made = await generate([{ name: 'commonName', value: 'raw-peer' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' });
  return { key: made.private, cert: made.cert, fingerprint: tlsFingerprint(new X509Certificate(made.cert).raw) };
}

export async function rawIdentity(stationId: string): Promise<RawIdentity> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    stationId,
    signingKey: privateKey,
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    tls: await rawTls(),
    certificate: undefined,
  };
}

/** Pairs a raw identity through the central server with a station credential, as a station does. */
export async function pairRaw(serverUrl: string, token: string, storeId: string, identity: RawIdentity): Promise<RawIdentity> {
  const reply = await fetch(`${serverUrl}/v1/stores/${storeId}/mesh/pair`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ stationId: identity.stationId, publicKey: identity.publicKey, tlsFingerprint: identity.tls.fingerprint }),
  });
  if (!reply.ok) throw new Error(`pairing answered ${reply.status}: ${await reply.text()}`);
  return { ...identity, certificate: PairResponse.parse(await reply.json()).certificate };
}

/** A certificate signed by a store key the host made up itself: what an unpaired host can forge. */
export function forgeCertificate(identity: RawIdentity, storeId: string, overrides: Partial<StationCertificateBody> = {}): RawIdentity {
  const { privateKey } = generateKeyPairSync('ed25519');
  const now = Date.now();
  const body: StationCertificateBody = {
    kind: MESH_CERT_KIND,
    storeId,
    stationId: identity.stationId,
    publicKey: identity.publicKey,
    tlsFingerprint: identity.tls.fingerprint,
    serial: 1,
    issuedAt: now,
    expiresAt: now + 60_000,
    ...overrides,
  };
  const text = JSON.stringify(body);
  return {
    ...identity,
    certificate: { body: text, sig: sign(null, Buffer.from(`${MESH_CERT_KIND}\n${text}`), privateKey).toString('base64') },
  };
}

/** A hand-driven peer for tests: speaks the wire frame by frame, right or wrong, over TLS with its own certificate. */
export class RawPeer {
  readonly frames: PeerFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly nonce = newNonce();
  /** The TLS certificate the station's endpoint presented. */
  serverTlsFingerprint: string | null = null;
  private readonly socket: WebSocket;

  constructor(
    url: string,
    private readonly identity: RawIdentity,
  ) {
    this.socket = new WebSocket(url, { key: identity.tls.key, cert: identity.tls.cert, rejectUnauthorized: false });
    this.socket.once('upgrade', (response) => (this.serverTlsFingerprint = presentedFingerprint(response.socket as TLSSocket)));
    this.socket.on('message', (data) => this.frames.push(JSON.parse(wsText(data)) as PeerFrame));
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.socket.on('error', () => undefined);
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState === this.socket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('unexpected-response', (_request, response) => reject(new Error(`peer endpoint answered ${response.statusCode}`)));
      this.socket.once('error', reject);
    });
  }

  send(frame: object | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Hello with its certificate, then the proof as a dialer; resolves with the station's first frame after the proof. */
  async handshake(p: { storeId: string; now?: number; stationId?: string }): Promise<PeerFrame> {
    await this.opened();
    const stationId = p.stationId ?? this.identity.stationId;
    const cert = this.identity.certificate;
    if (!cert) throw new Error('the raw identity has no certificate');
    this.send({ t: 'hello', v: MESH_PROTOCOL_VERSION, storeId: p.storeId, stationId, cert, nonce: this.nonce, now: p.now ?? Date.now() });
    const hello = await this.next((f) => f.t === 'hello' || f.t === 'refuse');
    if (hello.t !== 'hello') return hello;
    const sig = signProof(this.identity.signingKey, {
      verifierNonce: hello.nonce,
      proverNonce: this.nonce,
      proverRole: 'dialer',
      proverId: stationId,
      storeId: p.storeId,
    });
    this.send({ t: 'proof', sig });
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
