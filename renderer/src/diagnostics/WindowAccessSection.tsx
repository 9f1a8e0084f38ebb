import { useCallback, useEffect, useState } from 'react';
import type { PairableRole, PairingCodeView, WindowAccessView } from '../../../shared/ipc/commands/windows.js';
import { useBridge } from '../app/BridgeContext.js';
import { useManagerApproval } from '../staff/ManagerApproval.js';
import { useAppSelector } from '../store/hooks.js';

const ROLE_LABELS: Record<PairableRole, string> = { kitchen: 'Kitchen screen', customer: 'Customer display', cashier: 'Cashier' };
const REFRESH_MS = 5_000;

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toLocaleString());

/**
 * LAN windows: "Pair a device" shows a single-use code (with the station's certificate fingerprint and
 * the addresses to open), paired devices are listed with when they were last seen and can be revoked,
 * which disconnects them at once. Also the window connection count against its cap.
 */
export function WindowAccessSection() {
  const { withManagerPin } = useManagerApproval();
  const bridge = useBridge();
  const online = useAppSelector((s) => s.connection.status === 'online');
  const [view, setView] = useState<WindowAccessView | null>(null);
  const [role, setRole] = useState<PairableRole>('kitchen');
  const [code, setCode] = useState<PairingCodeView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await bridge.invoke('windows.access', {});
    if (result.ok) setView(result.value);
    else setError(result.error.message);
  }, [bridge]);

  useEffect(() => {
    if (!online) return;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [online, refresh]);

  async function pair() {
    setError(null);
    const result = await withManagerPin('Pair a device', (pin) =>
      bridge.invoke('windows.pair', { role, ...(pin ? { managerPin: pin } : {}) }),
    );
    if (result.ok) setCode(result.value);
    else setError(result.error.message);
    await refresh();
  }

  async function revoke(deviceId: string, name: string) {
    if (!window.confirm(`Revoke ${name}? It is disconnected at once and must be paired again.`)) return;
    const result = await withManagerPin(`Revoke ${name}`, (pin) =>
      bridge.invoke('windows.revoke', { deviceId, ...(pin ? { managerPin: pin } : {}) }),
    );
    if (!result.ok) setError(result.error.message);
    await refresh();
  }

  const codeLive = code !== null && view?.pendingCodes.some((c) => c.code === code.code);
  return (
    <section aria-labelledby="diag-windows" className="diag-card">
      <h2 id="diag-windows">LAN windows</h2>
      {error && <p role="alert">{error}</p>}
      {!view ? (
        <p className="placeholder">Loading…</p>
      ) : (
        <>
          <p aria-label="Window connections">
            {view.connections} of {view.maxConnections} window connections open
            {view.refusedAtCap > 0 && ` · ${view.refusedAtCap} refused at the limit`}
            {view.refusedHosts > 0 && ` · ${view.refusedHosts} refused for an unknown host name`}
          </p>
          {view.lanUrls.length === 0 ? (
            <p className="placeholder">
              The window port listens on this machine only: set http.host to 0.0.0.0 (or a LAN address) in station.json for tablets and
              displays.
            </p>
          ) : (
            <p aria-label="LAN addresses">
              Devices open: {view.lanUrls.map((url) => `${url}/kitchen`).join(', ')} (or /customer, /cashier)
            </p>
          )}
          <p aria-label="Certificate fingerprint">
            Certificate (SHA-256): <code className="fingerprint">{view.tlsFingerprint ?? 'none'}</code>
          </p>
          <div className="pair-controls">
            <label>
              Device role{' '}
              <select value={role} onChange={(e) => setRole(e.target.value as PairableRole)}>
                {(Object.keys(ROLE_LABELS) as PairableRole[]).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="button" onClick={() => void pair()}>
              Pair a device
            </button>
          </div>
          {code && codeLive && (
            <p className="pairing-code" aria-label="Pairing code">
              Code for a {ROLE_LABELS[code.role].toLowerCase()}: <strong>{code.code}</strong> · valid until{' '}
              {new Date(code.expiresAt).toLocaleTimeString()}, once
            </p>
          )}
          {code && !codeLive && <p className="placeholder">The last code was used, expired or withdrawn after wrong attempts.</p>}
          {view.failedAttempts > 0 && (
            <p aria-label="Wrong codes">{view.failedAttempts} wrong code(s) entered since the last code was shown.</p>
          )}
          {view.devices.length === 0 ? (
            <p className="placeholder">No paired devices.</p>
          ) : (
            <ul role="list" aria-label="Paired devices" className="diag-list">
              {view.devices.map((d) => (
                <li key={d.id} aria-label={d.name}>
                  <span>
                    <strong>{d.name}</strong> · {ROLE_LABELS[d.role]} · {d.connections > 0 ? 'connected' : 'not connected'} · last seen{' '}
                    {when(d.lastSeenAt)} · paired {when(d.pairedAt)}
                    {d.pairedFrom ? ` from ${d.pairedFrom}` : ''}
                  </span>
                  <button type="button" className="small danger" onClick={() => void revoke(d.id, d.name)}>
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
