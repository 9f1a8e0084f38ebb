import type { TransportCloseReason } from './transport.js';

function codeOf(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a Node socket error to a close reason an installer can act on. */
export function classifyNetError(error: unknown, host: string, port: number): TransportCloseReason {
  const message = error instanceof Error ? error.message : String(error);
  switch (codeOf(error)) {
    case 'ECONNREFUSED':
      return {
        kind: 'refused',
        message,
        fix: `Nothing accepts connections on ${host}:${port}: check the printer is on and its raw port (usually 9100) is enabled`,
      };
    case 'ETIMEDOUT':
      return { kind: 'timeout' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return { kind: 'refused', message, fix: `${host} is not reachable: check the network cable and the printer's IP address` };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return { kind: 'unplugged', message };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'error', message, fix: `The name ${host} does not resolve: use the printer's IP address or fix DNS` };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'permission_denied', message, fix: 'A firewall or sandbox blocks outgoing connections to the printer' };
    default:
      return { kind: 'error', message };
  }
}
