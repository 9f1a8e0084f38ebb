import { useEffect, useState } from 'react';
import type { ActiveDevicesConfigView } from '../../../shared/ipc/devices.js';
import { useBridge } from '../app/BridgeContext.js';
import { DeviceConfigEditor } from './DeviceConfigEditor.js';

interface Discovered {
  devices: { kind: string; label: string; suggested: Record<string, unknown> }[];
  errors: string[];
}

/**
 * The device configuration in force, an editor that saves a new one into station.json, and what is
 * plugged in. A saved configuration takes effect on restart: a till does not swap its printer
 * mid-sale, and an edit that does not validate is refused with the field, not half-applied.
 */
export function DeviceConfigSection() {
  const bridge = useBridge();
  const [active, setActive] = useState<ActiveDevicesConfigView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [found, setFound] = useState<Discovered | null>(null);
  const [searching, setSearching] = useState(false);
  const [editing, setEditing] = useState(false);
  /** The last section saved from here, not in force until the station restarts. */
  const [saved, setSaved] = useState<{ config: Record<string, unknown>; path: string } | null>(null);

  useEffect(() => {
    void bridge.invoke('devices.config', {}).then((result) => {
      if (result.ok) {
        setActive(result.value);
        if (result.value.pending) setSaved(result.value.pending);
      } else setProblem(`Could not read the device configuration: ${result.error.message}`);
    });
  }, [bridge]);

  const discover = async () => {
    setSearching(true);
    try {
      const result = await bridge.invoke('devices.discover', {});
      if (result.ok) setFound(result.value);
      else setProblem(`Device search failed: ${result.error.message}`);
    } finally {
      setSearching(false);
    }
  };

  return (
    <section aria-labelledby="diag-device-config" className="diag-card diag-wide">
      <h2 id="diag-device-config">Device configuration</h2>
      {problem && <p className="diag-problem">{problem}</p>}
      {active === null ? (
        !problem && <p className="placeholder">Loading…</p>
      ) : (
        <>
          <p>
            {active.usingDefaults
              ? 'No devices are configured: the station runs a simulated printer with drawer, scanner and customer display.'
              : 'The devices section of station.json this station started with.'}{' '}
            Edit it here (or in <code>station.json</code>) and restart the station to apply it.
          </p>
          {saved && (
            <p role="status" className="device-config-saved">
              Saved — restart the station to apply. Written to <code>{saved.path}</code>.
            </p>
          )}
          {editing ? (
            <DeviceConfigEditor
              initial={saved?.config ?? active.config}
              onCancel={() => setEditing(false)}
              onSaved={(config, path) => {
                setSaved({ config, path });
                setEditing(false);
              }}
            />
          ) : (
            <>
              {/* Scrolls on its own: focusable, so a keyboard can scroll it too. */}
              <pre className="config-json" role="region" aria-label="Devices configuration" tabIndex={0}>
                {JSON.stringify(active.config, null, 2)}
              </pre>
              <div>
                <button type="button" onClick={() => setEditing(true)}>
                  Edit
                </button>
              </div>
            </>
          )}
        </>
      )}
      <div>
        <button type="button" disabled={searching} onClick={() => void discover()}>
          {searching ? 'Searching…' : 'Find connected devices'}
        </button>
      </div>
      {found && (
        <>
          {found.devices.length === 0 ? (
            <p className="placeholder">No serial ports or USB printers found.</p>
          ) : (
            <ul role="list" aria-label="Connected devices" className="diag-list">
              {found.devices.map((d, i) => (
                <li key={i}>
                  <span>
                    <strong>{d.label}</strong> ({d.kind}) — for station.json: <code>{JSON.stringify(d.suggested)}</code>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {found.errors.map((e, i) => (
            <p key={i} className="diag-problem">
              {e}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
