import type { RawData } from 'ws';

/** A WebSocket message as text, whichever of ws's three buffer shapes it arrived in. */
export function wsText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}
