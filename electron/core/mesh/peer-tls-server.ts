import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestPath } from '../http/upgrade-guard.js';
import { MAX_PEER_FRAME_BYTES } from './protocol.js';
import { tlsFingerprint, type PeerTlsIdentity } from './station-identity.js';

export const PEER_PATH = '/peer';

export interface PeerConnection {
  socket: WebSocket;
  address: string | null;
  /** SHA-256 of the client certificate the dialer presented (null: none). */
  peerTlsFingerprint: string | null;
}

/** The certificate the other end of a TLS socket presented, as a pin compares it. */
export function presentedFingerprint(socket: TLSSocket): string | null {
  const presented = socket.getPeerCertificate();
  // An empty object when the other end sent no certificate.
  return presented.raw instanceof Buffer && presented.raw.length > 0 ? tlsFingerprint(presented.raw) : null;
}

/**
 * The station's peer endpoint: its own HTTPS server (TLS 1.3, the station's self-signed certificate)
 * serving only the WebSocket at `/peer`. It asks every dialer for a client certificate but accepts
 * any at the TLS layer: no CA vouches for stations, the store-signed station certificate does, and the
 * session compares the TLS certificate with the one it pins before anything else moves.
 */
export class PeerTlsServer {
  private readonly https: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PEER_FRAME_BYTES });

  constructor(
    tls: PeerTlsIdentity,
    /** Whether a connection may be taken now; the reason goes back as a 403 otherwise (not paired yet). */
    private readonly admit: () => string | undefined,
    private readonly accepted: (connection: PeerConnection) => void,
  ) {
    this.https = createServer(
      { key: tls.key, cert: tls.cert, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' },
      (_, res) => {
        res.writeHead(404, { connection: 'close' }).end();
      },
    );
    this.https.on('upgrade', this.onUpgrade);
    this.https.on('tlsClientError', () => undefined);
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.https.once('error', reject);
      this.https.listen(port, host, () => {
        this.https.off('error', reject);
        resolve(this.https.address() as AddressInfo);
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.wss.close(() => done()));
    await new Promise<void>((done) => {
      if (!this.https.listening) return done();
      this.https.close(() => done());
      this.https.closeAllConnections();
    });
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    // The target is raw client input: `//` or `//[::` make `new URL` throw, which here would end the station.
    const path = requestPath(request.url);
    if (path === undefined) return void socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    if (path !== PEER_PATH) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    // Peers are stations, not browsers: a web page on the LAN has no business here.
    const refusal = request.headers.origin ? 'browsers may not connect' : this.admit();
    if (refusal !== undefined) {
      return void socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}`);
    }
    const tlsSocket = request.socket as TLSSocket;
    const peerTlsFingerprint = presentedFingerprint(tlsSocket);
    const address = tlsSocket.remoteAddress ?? null;
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accepted({ socket: ws, address, peerTlsFingerprint }));
  };
}
