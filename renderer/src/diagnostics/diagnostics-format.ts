import type { PeerView, SyncStatusView } from '../../../shared/ipc/diagnostics.js';

/** "just now", "42 s", "3 min", "2 h 05 min": ages and lags in diagnostics. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'just now';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const syncStateLabel: Record<SyncStatusView['state'], string> = {
  stopped: 'Stopped',
  idle: 'Up to date',
  syncing: 'Syncing',
  backoff: 'Offline — retrying',
  circuit_open: 'Offline — paused after repeated failures',
};

/** How far behind the server this station is: time since the last successful round. */
export function syncLagMs(sync: SyncStatusView, nowMs: number): number | null {
  return sync.lastSuccessAt === null ? null : Math.max(0, nowMs - sync.lastSuccessAt);
}

export function formatSkew(ms: number | null): string {
  if (ms === null) return '—';
  const abs = Math.abs(ms);
  const text = abs < 1000 ? `${Math.round(abs)} ms` : `${(abs / 1000).toFixed(1)} s`;
  return ms === 0 ? '0 ms' : `${text} ${ms > 0 ? 'ahead of' : 'behind'} the server`;
}

export type OrderFilter = { kind: 'all' } | { kind: 'order'; orderId: string } | { kind: 'unknown' };

/**
 * What a person typed in an "order" filter: a ticket number of an order on screen (what staff know),
 * an order id copied from elsewhere, or nothing.
 */
export function resolveOrderFilter(text: string, orders: readonly { id: string; ticketNumber: number }[]): OrderFilter {
  const typed = text.trim().replace(/^#/, '');
  if (typed === '') return { kind: 'all' };
  if (/^\d{1,6}$/.test(typed)) {
    const matches = orders.filter((o) => o.ticketNumber === Number(typed));
    // Ticket numbers restart; the newest order with that number is the one being asked about.
    const order = matches.at(-1);
    return order ? { kind: 'order', orderId: order.id } : { kind: 'unknown' };
  }
  return { kind: 'order', orderId: typed };
}

/** A peer by the name staff know it: its station id once it said it, else where it is. */
export function peerName(peer: PeerView): string {
  return peer.stationId ?? peer.url ?? peer.address ?? 'unknown peer';
}

/** Where the peer is: the address it connected from, else the listed URL. */
export function peerAddress(peer: PeerView): string {
  return peer.address ?? peer.url ?? '—';
}

export const peerFoundLabel: Record<PeerView['found'], string> = {
  listed: 'listed in station.json',
  mdns: 'found on the LAN',
  inbound: 'dialled in',
};

/** "paired, connected", "refused: station certificate of another store", "disconnected: socket hang up", "connecting". */
export function peerStateText(peer: PeerView): string {
  switch (peer.state) {
    case 'connected':
      return 'paired, connected';
    case 'refused':
      return `refused: ${peer.reason ?? 'no reason given'}`;
    case 'connecting':
      return peer.reason ? `connecting (last try: ${peer.reason})` : 'connecting';
    case 'disconnected':
      return peer.reason ? `disconnected: ${peer.reason}` : 'disconnected';
  }
}

/** "never", "just now", "42 s ago", "3 min ago". */
export function formatLastHeard(at: number | null, nowMs: number): string {
  if (at === null) return 'never';
  const age = formatDuration(nowMs - at);
  return age === 'just now' ? age : `${age} ago`;
}

/** Events behind per origin: "station-a: 3 events, station-b: 1 event", or "nothing" when level. */
export function formatBehind(behind: Readonly<Record<string, number>>): string {
  const entries = Object.entries(behind)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return 'nothing';
  return entries.map(([origin, n]) => `${origin}: ${n} event${n === 1 ? '' : 's'}`).join(', ');
}
