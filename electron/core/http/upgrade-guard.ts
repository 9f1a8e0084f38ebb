import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../../../shared/logger.js';

const STATUS_TEXT = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' } as const;

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
export function refuseUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The first `upgrade` listener on the station's HTTP server. Node hands an upgrading socket over with
 * no `error` listener of its own, so a client resetting it mid-handshake would crash the process; and
 * a socket no listener claims stays open forever. Registered before the owners of `paths`, it gives
 * every socket an error listener, refuses unparsable targets (400) and paths nobody serves (404), and
 * leaves the rest to their owners.
 */
export function guardUpgrades(server: Server, paths: readonly string[], logger: Logger): () => void {
  const served = new Set(paths);
  const onUpgrade = (request: IncomingMessage, socket: Duplex): void => {
    const address = request.socket.remoteAddress;
    socket.on('error', (err) => logger.debug({ err, address }, 'upgrading socket failed'));
    const path = requestPath(request.url);
    if (path === undefined) {
      logger.warn({ address }, 'websocket upgrade with an unparsable request target refused');
      refuseUpgrade(socket, 400);
    } else if (!served.has(path)) {
      logger.warn({ address, path: path.slice(0, 200) }, 'websocket upgrade to an unknown path refused');
      refuseUpgrade(socket, 404);
    }
  };
  server.prependListener('upgrade', onUpgrade);
  return () => server.off('upgrade', onUpgrade);
}
