import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

/** What the station at 127.0.0.1 can tell "this machine" (127.0.0.1) from "a LAN device" (127.0.0.2) by. */
export const LAN_DEVICE_ADDRESS = '127.0.0.2';
export const onlyLoopbackOne = (address: string | undefined): boolean => address === '127.0.0.1' || address === '::ffff:127.0.0.1';

export interface LanResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The certificate the station served (AA:BB:… SHA-256), over https. */
  fingerprint?: string;
}

/**
 * An HTTP(S) request from a chosen local address with a free hand on the Host header, which fetch
 * does not give. TLS is not verified here: the station's certificate is self-signed and checked by
 * its fingerprint, which the answer carries.
 */
export function lanRequest(
  url: string,
  options: { method?: string; host?: string; json?: unknown; from?: string; headers?: Record<string, string> } = {},
): Promise<LanResponse> {
  const target = new URL(url);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        localAddress: options.from ?? LAN_DEVICE_ADDRESS,
        rejectUnauthorized: false,
        headers: {
          Host: options.host ?? target.host,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...options.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        const fingerprint = secure ? (response.socket as TLSSocket).getPeerCertificate().fingerprint256 : undefined;
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(fingerprint ? { fingerprint } : {}),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
