import type { Channel } from './events.js';

/**
 * Counter tickets are numbered by the station and web, mobile and kiosk orders by the server, so
 * both can be "1" at the same time. People call a ticket by this code: counter tickets keep the bare
 * number everyone knows; other channels carry a letter ("W-1", "M-1") on the KDS and kitchen printouts.
 */
const PREFIX: Readonly<Record<Channel, string>> = { counter: '', kiosk: 'K-', web: 'W-', mobile: 'M-' };

export function ticketCode(channel: Channel, ticketNumber: number): string {
  return `${PREFIX[channel]}${ticketNumber}`;
}
