import { decodeHlc } from '../../../shared/hlc.js';

/** How long ago an order was opened, from its opening HLC (the time every replica agrees on). */
export function ticketAgeMs(openedAt: string, nowMs: number): number {
  try {
    return Math.max(0, nowMs - decodeHlc(openedAt).wallMs);
  } catch {
    return 0;
  }
}

/** Short enough to read across a kitchen: "just now", "7 min", "1 h 05 min". */
export function formatAge(ageMs: number): string {
  const minutes = Math.floor(ageMs / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export type Urgency = 'fresh' | 'waiting' | 'late';

export function urgency(ageMs: number): Urgency {
  if (ageMs >= 15 * 60_000) return 'late';
  if (ageMs >= 8 * 60_000) return 'waiting';
  return 'fresh';
}
