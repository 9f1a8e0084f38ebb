import type { MeshView } from '../../../shared/ipc/diagnostics.js';
import { formatBehind, formatLastHeard, peerAddress, peerFoundLabel, peerName, peerStateText } from './diagnostics-format.js';

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * The store mesh from `diagnostics.get`: each peer (address, how found, state with the reason, last
 * heard, events behind per origin either way) and the events peers offered that were refused.
 * `mesh` is undefined while loading and null from a core that does not report one.
 */
export function StoreNetworkSection({ mesh, nowMs }: { mesh: MeshView | null | undefined; nowMs: number }) {
  return (
    <section aria-labelledby="diag-mesh" className="diag-card">
      <h2 id="diag-mesh">Store network</h2>
      {mesh === undefined ? (
        <p className="placeholder">Loading…</p>
      ) : mesh === null ? (
        <p className="placeholder">This station does not report a store network.</p>
      ) : !mesh.enabled && mesh.pairing !== undefined ? (
        <p className="placeholder">Store network {mesh.pairing}: no peer is dialled or accepted until then.</p>
      ) : !mesh.enabled ? (
        <p className="placeholder">
          Not configured: without a peer endpoint (&quot;mesh&quot; or &quot;peers&quot; in station.json) no peer is dialled or accepted.
        </p>
      ) : (
        <>
          <p aria-label="Store">
            Store {mesh.storeId ?? '—'} · {mesh.peers.filter((p) => p.state === 'connected').length} of {mesh.peers.length} peers connected
          </p>
          {mesh.peers.length === 0 ? (
            <p className="placeholder">No peers listed in station.json, none found on the LAN, and none has dialled in.</p>
          ) : (
            <ul role="list" aria-label="Peers" className="diag-list">
              {mesh.peers.map((peer, i) => (
                <li key={`${peer.url ?? peer.address ?? ''}-${peer.stationId ?? i}`} aria-label={peerName(peer)}>
                  <span>
                    <strong>{peerName(peer)}</strong> · {peerAddress(peer)} · {peerFoundLabel[peer.found]} ·{' '}
                    <span className={`peer-state peer-${peer.state}`}>{peerStateText(peer)}</span> · last heard{' '}
                    {formatLastHeard(peer.lastHeardAt, nowMs)}
                    <br />
                    <span aria-label="Behind it">This station is behind it by {formatBehind(peer.behind)}</span>;{' '}
                    <span aria-label="It is behind">it is behind by {formatBehind(peer.peerBehind)}</span>
                    {peer.shed > 0 && ` · live stream shed ${peer.shed}×`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p aria-label="Refused events">
            {mesh.refusedEvents.length === 0
              ? 'No refused events.'
              : `${mesh.refusedEvents.length} refused event${mesh.refusedEvents.length === 1 ? '' : 's'} (kept, never merged):`}
          </p>
          {mesh.refusedEvents.length > 0 && (
            <ul role="list" aria-label="Refused peer events" className="diag-list">
              {mesh.refusedEvents.map((r) => (
                <li key={`${r.origin}-${r.seq}-${r.offeredId}`}>
                  {r.origin} #{r.seq} from {r.peer}: held {r.heldId.slice(-8)}, offered {r.offeredId.slice(-8)} — {time(r.detectedAt)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
