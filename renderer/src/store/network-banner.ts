import type { MeshStatusView, SyncStatusView } from '../../../shared/ipc/diagnostics.js';
import { syncBanner, unsyncedText, type SyncBanner } from './status-slice.js';

/**
 * The store network as the banner needs it: `none` when this station has no mesh (or no peer to
 * expect), `ok` with at least one station connected, `down` when peers are listed or were found on
 * the LAN but none is connected.
 */
export function storeNetwork(mesh: MeshStatusView | null): { state: 'none' } | { state: 'ok'; stations: number } | { state: 'down' } {
  // Unpaired with peers listed: the store network cannot work yet, which is "down" to the staff.
  if (mesh && !mesh.enabled && mesh.pairing !== undefined && mesh.peers.some((p) => p.found === 'listed')) return { state: 'down' };
  if (!mesh?.enabled) return { state: 'none' };
  if (mesh.connected > 0) return { state: 'ok', stations: mesh.connected };
  return mesh.peers.some((p) => p.found !== 'inbound') ? { state: 'down' } : { state: 'none' };
}

const stations = (n: number) => `${n} station${n === 1 ? '' : 's'}`;

/**
 * What the header says about both paths out of this station, in plain words, with the unsynced
 * count from the sync status: "Internet down — store network OK, 3 stations · 2 unsynced",
 * "Store network down — internet OK · all synced", "Internet and store network down · 2 unsynced".
 * When the store network is fine (or there is none), it is the sync banner alone.
 */
export function networkBanner(sync: SyncStatusView | null, syncLoaded: boolean, mesh: MeshStatusView | null): SyncBanner | null {
  const plain = syncBanner(sync, syncLoaded);
  const lan = storeNetwork(mesh);
  if (plain === null || lan.state === 'none') return plain;
  if (sync === null) {
    // No central server: the store network is the only path.
    return lan.state === 'ok' ? plain : { tone: 'offline', text: 'Standalone — store network down' };
  }
  const count = unsyncedText(sync);
  const internetDown = sync.state === 'backoff' || sync.state === 'circuit_open';
  if (lan.state === 'ok') {
    if (internetDown) return { tone: 'offline', text: `Internet down — store network OK, ${stations(lan.stations)} · ${count}` };
    if (sync.state === 'stopped') return { tone: 'offline', text: `Sync stopped — store network OK, ${stations(lan.stations)} · ${count}` };
    return plain;
  }
  if (internetDown) return { tone: 'offline', text: `Internet and store network down · ${count}` };
  if (sync.state === 'stopped') return { tone: 'offline', text: `Sync stopped, store network down · ${count}` };
  return { tone: 'offline', text: `Store network down — internet OK · ${sync.outboxDepth > 0 ? count : 'all synced'}` };
}
