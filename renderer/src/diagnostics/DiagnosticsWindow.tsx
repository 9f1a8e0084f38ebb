import { useCallback, useEffect, useState } from 'react';
import type { DiagnosticsView } from '../../../shared/ipc/diagnostics.js';
import { useBridge } from '../app/BridgeContext.js';
import { useManagerApproval } from '../staff/ManagerApproval.js';
import { useNow } from '../kitchen/use-now.js';
import { staffOutcome } from '../ui/staff-wording.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeShown } from '../store/notices-slice.js';
import { PRINT_JOBS_SHOWN, printJobsLoaded } from '../store/print-jobs-slice.js';
import { deviceStateLabel } from '../store/status-slice.js';
import { loadSyncStatus, syncNow } from '../store/thunks.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { DeviceConfigSection } from './DeviceConfigSection.js';
import { KitchenRoutingSection } from './KitchenRoutingSection.js';
import { LogsSection } from './LogsSection.js';
import { OfflineCardsSection } from './OfflineCardsSection.js';
import { StoreDataSection } from './StoreDataSection.js';
import { StoreNetworkSection } from './StoreNetworkSection.js';
import { VirtualPrinterSection } from './VirtualPrinterSection.js';
import { WindowAccessSection } from './WindowAccessSection.js';
import { formatBytes, formatDuration, formatSkew, syncLagMs, syncStateLabel } from './diagnostics-format.js';

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** Sync, the store network, outbox, dead letters, conflicts, devices, print jobs and recent errors, with the fixes at hand. */
export function DiagnosticsWindow() {
  const bridge = useBridge();
  const { withManagerPin } = useManagerApproval();
  const dispatch = useAppDispatch();
  const sync = useAppSelector((s) => s.status.sync);
  const syncLoaded = useAppSelector((s) => s.status.syncLoaded);
  const devices = useAppSelector((s) => s.status.devices);
  const online = useAppSelector((s) => s.connection.status === 'online');
  // Pushed by the core when a peer connects, drops or is refused: the section below reloads then.
  const meshStatus = useAppSelector((s) => s.mesh.status);
  const [diag, setDiag] = useState<DiagnosticsView | null>(null);
  // Kept live from `print.jobChanged` pushes by the store.
  const jobs = useAppSelector((s) => s.printJobs.jobs);
  const [busy, setBusy] = useState(false);
  const now = useNow(undefined, 1_000);

  const report = useCallback(
    (message: string, severity: 'info' | 'error' = 'error') => dispatch(noticeShown({ key: 'diagnostics', severity, message })),
    [dispatch],
  );

  const refresh = useCallback(async () => {
    const [d, j] = await Promise.all([bridge.invoke('diagnostics.get', {}), bridge.invoke('print.jobs', { limit: PRINT_JOBS_SHOWN })]);
    if (d.ok) setDiag(d.value);
    else report(`Could not load diagnostics: ${d.error.message}`);
    if (j.ok) dispatch(printJobsLoaded(j.value.jobs));
  }, [bridge, dispatch, report]);

  useEffect(() => {
    if (online) void refresh();
  }, [online, refresh]);

  useEffect(() => {
    if (meshStatus?.enabled) void refresh();
  }, [meshStatus, refresh]);

  const run = async (label: string, call: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    try {
      const result = await call();
      if (result.ok) report(`${label}: done`, 'info');
      else report(`${label} failed: ${result.error?.message ?? 'unknown error'}`);
      await refresh();
      await dispatch(loadSyncStatus());
    } finally {
      setBusy(false);
    }
  };

  const lag = sync ? syncLagMs(sync, now) : null;

  return (
    <div className="window diagnostics">
      <StationHeader title="Diagnostics">
        <a className="header-link" href="#window=cashier">
          Back to cashier
        </a>
      </StationHeader>
      <AlertRegion />
      <main className="diag-main">
        <section aria-labelledby="diag-sync" className="diag-card">
          <h2 id="diag-sync">Sync</h2>
          {!syncLoaded ? (
            <p className="placeholder">Loading…</p>
          ) : sync === null ? (
            <p>No central server is configured: this station runs standalone.</p>
          ) : (
            <>
              <dl className="diag-facts">
                <dt>State</dt>
                <dd aria-label="Sync state">{syncStateLabel[sync.state]}</dd>
                <dt>Lag</dt>
                <dd aria-label="Sync lag">{lag === null ? 'never synced' : formatDuration(lag)}</dd>
                <dt>Outbox</dt>
                <dd aria-label="Outbox depth">{sync.outboxDepth} unsent</dd>
                <dt>Oldest unsent</dt>
                <dd aria-label="Oldest unsent">{formatDuration(sync.oldestUnsentAgeMs)}</dd>
                <dt>Clock skew</dt>
                <dd aria-label="Clock skew">{formatSkew(sync.clockSkewMs)}</dd>
                <dt>Failures in a row</dt>
                <dd>{sync.consecutiveFailures}</dd>
                <dt>Next attempt</dt>
                <dd>{sync.nextAttemptAt === null ? '—' : `in ${formatDuration(sync.nextAttemptAt - now)}`}</dd>
                {sync.lastError && (
                  <>
                    <dt>Last error</dt>
                    <dd>{sync.lastError}</dd>
                  </>
                )}
              </dl>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  void dispatch(syncNow())
                    .then(refresh)
                    .finally(() => setBusy(false));
                }}
              >
                Sync now
              </button>
            </>
          )}
        </section>

        <StoreNetworkSection mesh={diag ? (diag.mesh ?? null) : undefined} nowMs={now} />
        <WindowAccessSection />

        <section aria-labelledby="diag-dead" className="diag-card">
          <h2 id="diag-dead">Dead letters</h2>
          {diag && diag.deadLetters.length > 0 ? (
            <ul role="list" className="diag-list">
              {diag.deadLetters.map((d) => (
                <li key={d.eventId}>
                  <span>
                    {d.type} (order {d.orderId.slice(-6)}, #{d.seq}): {d.reason} — {time(d.failedAt)}
                  </span>
                  <span className="diag-actions">
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      aria-label={`Replay ${d.eventId}`}
                      onClick={() => void run('Replay', () => bridge.invoke('deadLetters.replay', { eventId: d.eventId }))}
                    >
                      Replay
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      disabled={busy}
                      aria-label={`Discard ${d.eventId}`}
                      onClick={() =>
                        void run('Discard', () =>
                          withManagerPin('Discard a dead letter', (pin) =>
                            bridge.invoke('deadLetters.discard', { eventId: d.eventId, ...(pin ? { managerPin: pin } : {}) }),
                          ),
                        )
                      }
                    >
                      Discard
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="placeholder">None: every event the server refused would be listed here.</p>
          )}
        </section>

        <section aria-labelledby="diag-conflicts" className="diag-card">
          <h2 id="diag-conflicts">Conflicts</h2>
          {diag && diag.conflicts.length > 0 ? (
            <ul role="list" className="diag-list">
              {diag.conflicts.map((c, i) => (
                <li key={`${c.orderId}-${i}`}>
                  Order {c.ticketNumber}: {staffOutcome(c, { tickets: [] })}
                </li>
              ))}
            </ul>
          ) : (
            <p className="placeholder">No conflicts.</p>
          )}
        </section>

        <section aria-labelledby="diag-devices" className="diag-card">
          <h2 id="diag-devices">Devices</h2>
          {devices.length === 0 ? (
            <p className="placeholder">No devices configured.</p>
          ) : (
            <ul role="list" className="diag-list">
              {devices.map((d) => (
                <li key={d.id} aria-label={d.name}>
                  <span>
                    <strong>{d.name}</strong> {d.simulated && <span className="badge badge-simulated">Simulated</span>} · {d.kind} ·{' '}
                    {d.connection} · <span className={`device-state device-${d.state}`}>{deviceStateLabel[d.state]}</span>
                    {d.paperNearEnd && ' · paper low'}
                    {d.problem && (
                      <span className="diag-problem">
                        {' '}
                        — {d.problem.message}
                        {d.problem.fix && <em> Fix: {d.problem.fix}</em>}
                      </span>
                    )}
                  </span>
                  {d.actions.length > 0 && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      aria-label={`Test ${d.name}`}
                      onClick={() =>
                        void run(`Test ${d.name}`, () =>
                          withManagerPin(`Test ${d.name}`, (pin) =>
                            bridge.invoke('devices.test', { deviceId: d.id, ...(pin ? { managerPin: pin } : {}) }),
                          ),
                        )
                      }
                    >
                      Test
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="diag-print" className="diag-card">
          <h2 id="diag-print">Print jobs</h2>
          {jobs.length === 0 ? (
            <p className="placeholder">No print jobs yet.</p>
          ) : (
            <ul role="list" className="diag-list">
              {jobs.map((j) => (
                <li key={j.id}>
                  <span>
                    {j.kind} on {j.printerId} · <strong>{j.state}</strong>
                    {j.reprintOf && ' · reprint'} · {time(j.createdAt)}
                    {j.lastError && <span className="diag-problem"> — {j.lastError}</span>}
                  </span>
                  <span className="diag-actions">
                    <button
                      type="button"
                      className="small"
                      disabled={busy}
                      aria-label={`Reprint job ${j.id}`}
                      onClick={() => void run('Reprint', () => bridge.invoke('print.reprint', { jobId: j.id }))}
                    >
                      Reprint
                    </button>
                    {(j.state === 'queued' || j.state === 'failed' || j.state === 'sent-unconfirmed') && (
                      <button
                        type="button"
                        className="small danger"
                        disabled={busy}
                        aria-label={`Cancel job ${j.id}`}
                        onClick={() =>
                          void run('Cancel', () =>
                            withManagerPin('Cancel a print job', (pin) =>
                              bridge.invoke('print.cancel', { jobId: j.id, ...(pin ? { managerPin: pin } : {}) }),
                            ),
                          )
                        }
                      >
                        Cancel
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="diag-errors" className="diag-card">
          <h2 id="diag-errors">Recent errors</h2>
          {diag && diag.recentErrors.length > 0 ? (
            <ul role="list" className="diag-list">
              {diag.recentErrors.map((e, i) => (
                <li key={i} className={`diag-${e.level}`}>
                  {time(e.at)} {e.level.toUpperCase()} {e.component ? `[${e.component}] ` : ''}
                  {e.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="placeholder">No recent warnings or errors.</p>
          )}
        </section>

        <StoreDataSection storeData={diag?.storeData} />
        <OfflineCardsSection queue={diag?.offlinePayments} />
        <VirtualPrinterSection />
        <DeviceConfigSection />
        <KitchenRoutingSection />
        <LogsSection />

        <section aria-labelledby="diag-storage" className="diag-card">
          <h2 id="diag-storage">Storage</h2>
          {diag ? (
            <dl className="diag-facts">
              <dt>Station</dt>
              <dd>{diag.stationId}</dd>
              <dt>Data directory</dt>
              <dd aria-label="Data directory">{diag.dataDir}</dd>
              <dt>Database</dt>
              <dd aria-label="Database size">
                {formatBytes(diag.databaseBytes)} ({diag.databasePath})
              </dd>
            </dl>
          ) : (
            <p className="placeholder">Loading…</p>
          )}
          <button type="button" disabled={busy} onClick={() => void refresh()}>
            Refresh
          </button>
        </section>
      </main>
    </div>
  );
}
