/**
 * A fresh key for one payment or refund request: the core answers a repeat of the same key with the
 * first outcome, so a double tap or a retry after a lost answer never charges or refunds twice.
 * getRandomValues works on plain-http LAN pages too, unlike randomUUID.
 */
export function newRequestKey(prefix: string): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
