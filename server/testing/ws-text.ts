import type { RawData } from 'ws';

/** A WebSocket message as text, whichever of ws's three buffer shapes it arrived in. */
export function wsText(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}
