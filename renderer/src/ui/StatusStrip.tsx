import { useState } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { networkBanner } from '../store/network-banner.js';
import { deviceChipText, deviceNeedsAttention, healthySummary } from '../store/status-slice.js';
import { syncNow } from '../store/thunks.js';

/**
 * Always-visible sync and device status for staff windows: "Offline — 3 unsynced" (or which path is
 * down when the store has a mesh: "Internet down — store network OK, 3 stations · 3 unsynced"), a manual
 * "Sync now", and one chip per device (a problem chip carries its fix as a tooltip and text).
 * Deliberately not role="status" or role="alert": those belong to the window's own outcome and alerts.
 */
export function StatusStrip({
  canSync,
  diagnosticsLink,
  problemsOnly,
}: {
  canSync: boolean;
  diagnosticsLink?: boolean;
  problemsOnly?: boolean;
}) {
  const status = useAppSelector((s) => s.status);
  const mesh = useAppSelector((s) => s.mesh.status);
  const dispatch = useAppDispatch();
  const [syncing, setSyncing] = useState(false);
  const banner = networkBanner(status.sync, status.syncLoaded, mesh);
  const problems = status.devices.filter(deviceNeedsAttention);
  const healthy = status.devices.filter((d) => !deviceNeedsAttention(d));
  return (
    <div className="status-strip">
      {banner && (
        <span className={`sync-banner sync-${banner.tone}`} aria-live="polite" aria-label="Sync status">
          {banner.text}
        </span>
      )}
      {canSync && status.sync !== null && (
        <button
          type="button"
          className="small"
          disabled={syncing}
          onClick={() => {
            setSyncing(true);
            void dispatch(syncNow()).finally(() => setSyncing(false));
          }}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      <ul role="list" aria-label="Devices" className="device-chips">
        {problems.map((device) => (
          <li
            key={device.id}
            className="chip chip-bad"
            title={device.problem ? `${device.problem.message}${device.problem.fix ? ` — ${device.problem.fix}` : ''}` : undefined}
          >
            {deviceChipText(device)}
            {device.problem?.fix ? <span className="chip-fix"> — {device.problem.fix}</span> : null}
          </li>
        ))}
        {!problemsOnly && healthy.length > 0 && (
          // Healthy devices share one chip: a problem chip must stand out, not hide among four green ones.
          <li className="chip chip-ok" title={healthy.map(deviceChipText).join('\n')}>
            {healthySummary(healthy)}
          </li>
        )}
      </ul>
      {diagnosticsLink && (
        <a className="header-link" href="#window=diagnostics">
          Diagnostics
        </a>
      )}
    </div>
  );
}
