import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../../shared/logger.js';

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' } as const;

/**
 * The path of a request target, or undefined when it does not parse. Request targets are raw client
 * input: `//`, `//[::` or `http://a:99999/` make `new URL(target, base)` throw, and a throw inside
 * an `upgrade` listener is an uncaught exception that ends the station.
 */
export function requestPath(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://station.invalid').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser's Origin names the host it is talking to. Never throws: `Origin: null` (sandboxed
 * iframes, file:// pages) and any other unparsable value simply do not match.
 */
export function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

/** Answers an upgrade request with an HTTP error and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT, reason = ''): void {
  const body = reason ? `${reason}\n` : '';
  const headers = ['Connection: close', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`];
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n${headers.join('\r\n')}\r\n\r\n${body}`);
}

export interface UpgradeChecks {
  /** False for a Host header naming no allowed host (DNS rebinding): refused with 421. */
  allowHost: (host: string | undefined) => boolean;
  /** A reason to refuse this client here (a LAN client on the plain-HTTP side: it must use wss://). */
  refuseClient?: (request: IncomingMessage) => string | undefined;
  /** Counts refusals for diagnostics. */
  onRefusedHost?: () => void;
}

/**
 * Whether an upgrade listener took the socket: `ws` answers synchronously, either refusing (the socket
 * is ended) or completing the handshake (the WebSocket reads the socket from then on). Node removes
 * its own `data` listener before emitting `upgrade`, so any `data` listener is a new owner's.
 */
function claimed(socket: Duplex): boolean {
  return socket.destroyed || socket.writableEnded || socket.listenerCount('data') > 0;
}

/**
 * The first `upgrade` listener on the station's HTTP server. Node hands an upgrading socket over with
 * no `error` listener of its own, so a client resetting it mid-handshake would crash the process; and
 * a socket no listener claims (a path nobody serves, or one whose owner has closed) stays open forever
 * and holds up the server's close. This gives every socket an error listener, refuses a Host not on
 * the allowlist (421) and a client `checks` turns away (403), an unparsable target (400), and once the
 * other listeners have run, refuses what none of them took (404).
 */
export function guardUpgrades(server: Server, logger: Logger, checks: UpgradeChecks): () => void {
  const onUpgrade = (request: IncomingMessage, socket: Duplex): void => {
    const address = request.socket.remoteAddress;
    socket.on('error', (err) => logger.debug({ err, address }, 'upgrading socket failed'));
    if (!checks.allowHost(request.headers.host)) {
      checks.onRefusedHost?.();
      logger.warn({ address, host: request.headers.host?.slice(0, 100) }, 'websocket upgrade for a host this station is not refused');
      refuseUpgrade(socket, 421, 'unknown host');
      return;
    }
    const refusal = checks.refuseClient?.(request);
    if (refusal !== undefined) {
      logger.warn({ address }, refusal);
      refuseUpgrade(socket, 403, refusal);
      return;
    }
    const path = requestPath(request.url);
    if (path === undefined) {
      logger.warn({ address }, 'websocket upgrade with an unparsable request target refused');
      refuseUpgrade(socket, 400);
      return;
    }
    setImmediate(() => {
      if (claimed(socket)) return;
      logger.warn({ address, path: path.slice(0, 200) }, 'websocket upgrade nobody serves refused');
      refuseUpgrade(socket, 404);
    });
  };
  server.prependListener('upgrade', onUpgrade);
  return () => server.off('upgrade', onUpgrade);
}
