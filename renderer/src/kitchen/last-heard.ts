import type { ConnectionStatus } from '../bridge/connection.js';

export interface LastHeard {
  tone: 'ok' | 'stale';
  text: string;
}

function seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * The kitchen's staleness line. `lastActivityAt` is undefined for transports without a link (Electron
 * IPC: the core is in the same app), null before the first frame.
 */
export function lastHeardText(input: {
  status: ConnectionStatus;
  lastActivityAt: number | null | undefined;
  nowMs: number;
  staleAfterMs: number;
}): LastHeard {
  const { status, lastActivityAt, nowMs, staleAfterMs } = input;
  if (lastActivityAt === undefined)
    return status === 'online' ? { tone: 'ok', text: 'Station core: connected' } : { tone: 'stale', text: 'Station core: not connected' };
  if (lastActivityAt === null) return { tone: 'stale', text: 'Never heard from station core' };
  const age = Math.max(0, nowMs - lastActivityAt);
  if (age >= staleAfterMs || status !== 'online')
    return { tone: 'stale', text: `No word from station core for ${seconds(age)} — tickets may be missing` };
  return { tone: 'ok', text: `Station core heard ${seconds(age)} ago` };
}
