import { fnv1a64 } from './canonical.js';
import { UUID_V7_PATTERN } from './ids.js';

/**
 * The id of a kitchen ticket, computed alike by every station for the same order, kitchen station and
 * lines: firing is a store-wide decision, so two peers that fire the same order while partitioned write
 * the same ticket, and the merge log keeps it once (a repeat with the same content is a no-op).
 * A later round of new lines gets a new id because its line ids differ; a line is on one ticket only,
 * so two different tickets of an order never share an input.
 *
 * Shaped as a UUIDv7 (the events' id schema): the time part is the order id's own, so tickets still
 * sort with their order in b-tree indexes; the 74 free bits come from two FNV-1a 64 hashes.
 * Changing this function changes the ids of tickets fired afterwards only; fired tickets keep theirs.
 */
export function ticketIdFor(orderId: string, station: string, lineIds: readonly string[]): string {
  // JSON keeps the parts apart whatever a station name contains; the tag names the scheme.
  const key = JSON.stringify(['ticket/1', orderId, station, lineIds]);
  const a = fnv1a64(key);
  const b = fnv1a64(`#${key}`);
  const time = UUID_V7_PATTERN.test(orderId) ? `${orderId.slice(0, 8)}${orderId.slice(9, 13)}` : '000000000000';
  const variant = ((parseInt(a[3]!, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${a.slice(0, 3)}-${variant}${a.slice(4, 7)}-${a.slice(7, 16)}${b.slice(0, 3)}`;
}
