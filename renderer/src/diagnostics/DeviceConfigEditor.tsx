import { useId, useState } from 'react';
import type { DevicesConfigIssue } from '../../../shared/ipc/devices.js';
import { useBridge } from '../app/BridgeContext.js';
import { useManagerApproval } from '../staff/ManagerApproval.js';
import { checkDraft, DEVICE_PRESETS, issuesFromMessage, prettyConfig } from './device-config-edit.js';

type Outcome = { kind: 'issues'; issues: DevicesConfigIssue[] } | { kind: 'valid' } | { kind: 'failed'; message: string } | null;

interface Props {
  initial: Record<string, unknown>;
  onCancel: () => void;
  onSaved: (config: Record<string, unknown>, path: string) => void;
}

/**
 * The devices section as JSON text, checked with the core's own rules before it is sent; the core
 * checks again and writes it into station.json. Presets add a device with placeholder addresses.
 */
export function DeviceConfigEditor({ initial, onCancel, onSaved }: Props) {
  const bridge = useBridge();
  const { withManagerPin } = useManagerApproval();
  const ids = useId();
  const [text, setText] = useState(() => prettyConfig(initial));
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [saving, setSaving] = useState(false);

  const edit = (next: string) => {
    setText(next);
    setOutcome(null);
  };

  const validate = () => {
    const check = checkDraft(text);
    setOutcome(check.ok ? { kind: 'valid' } : { kind: 'issues', issues: check.issues });
    return check;
  };

  const applyPreset = (apply: (config: Record<string, unknown>) => Record<string, unknown>) => {
    let current: unknown;
    try {
      current = JSON.parse(text);
    } catch {
      // A preset edits the section as it stands: half-typed JSON would be lost, so it is fixed first.
      setOutcome({ kind: 'issues', issues: [{ path: '(JSON)', message: 'fix the JSON before adding a preset' }] });
      return;
    }
    const base = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
    edit(prettyConfig(apply(base)));
  };

  const save = async () => {
    const check = validate();
    if (!check.ok) return;
    setSaving(true);
    try {
      const result = await withManagerPin('Save the device settings', (pin) =>
        bridge.invoke('devices.setConfig', { devices: check.devices, ...(pin ? { managerPin: pin } : {}) }),
      );
      if (result.ok) onSaved(check.devices, result.value.path);
      else if (result.error.code === 'bad_request') setOutcome({ kind: 'issues', issues: issuesFromMessage(result.error.message) });
      else setOutcome({ kind: 'failed', message: result.error.message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="device-config-editor">
      <div role="group" aria-label="Presets" className="device-config-presets">
        {DEVICE_PRESETS.map((preset) => (
          <button key={preset.id} type="button" onClick={() => applyPreset(preset.apply)}>
            {preset.label}
          </button>
        ))}
      </div>
      <label htmlFor={`${ids}-json`}>Devices configuration (JSON)</label>
      <p id={`${ids}-help`} className="placeholder">
        Printers, routing, scanners and displays as in the <code>devices</code> section of station.json. Saving writes the file; the station
        uses it after a restart.
      </p>
      <textarea
        id={`${ids}-json`}
        className="config-json device-config-text"
        value={text}
        spellCheck={false}
        rows={18}
        aria-describedby={`${ids}-help ${ids}-outcome`}
        aria-invalid={outcome?.kind === 'issues'}
        onChange={(e) => edit(e.target.value)}
      />
      <div id={`${ids}-outcome`} aria-live="polite">
        {outcome?.kind === 'valid' && <p className="device-config-valid">Valid: ready to save.</p>}
        {outcome?.kind === 'issues' && (
          <div role="alert">
            <p className="diag-problem">Not saved: fix these fields.</p>
            <ul aria-label="Configuration problems" className="device-config-issues">
              {outcome.issues.map((issue, i) => (
                <li key={i}>
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {outcome?.kind === 'failed' && (
          <p role="alert" className="diag-problem">
            Not saved: {outcome.message}
          </p>
        )}
      </div>
      <div className="diag-actions">
        <button type="button" onClick={() => void validate()}>
          Validate
        </button>
        <button type="button" disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
