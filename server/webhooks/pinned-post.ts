import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { PinnedTarget } from './target-policy.js';

/**
 * POSTs to the checked address and nowhere else: the socket's name lookup answers with the pinned
 * address, while the Host header and the TLS server name (SNI, certificate check) keep the URL's
 * name. No connection pool (each delivery connects afresh) and no redirects. Resolves with the
 * response status; the response body is not read.
 */
export function postPinned(target: PinnedTarget, headers: OutgoingHttpHeaders, body: string, signal: AbortSignal): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const https = target.url.protocol === 'https:';
  const options = {
    method: 'POST',
    host: target.host,
    port: target.port,
    path: `${target.url.pathname}${target.url.search}`,
    headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    agent: false,
    lookup,
    signal,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage) => {
      resolve(response.statusCode ?? 0);
      response.destroy();
    };
    const request = https
      ? httpsRequest({ ...options, ...(isIP(target.host) === 0 ? { servername: target.host } : {}) }, onResponse)
      : httpRequest(options, onResponse);
    request.on('error', reject);
    request.end(body);
  });
}
