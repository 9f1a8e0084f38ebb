import type { TimerThresholds } from './kds-model.js';
import type { KitchenSettings } from './kitchen-settings.js';

export function SettingsPanel({ settings, onChange }: { settings: KitchenSettings; onChange: (s: KitchenSettings) => void }) {
  const setThreshold = (field: keyof TimerThresholds, raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) return;
    onChange({ ...settings, thresholds: { ...settings.thresholds, [field]: value } });
  };
  return (
    <form className="kds-settings" aria-label="Screen settings" onSubmit={(e) => e.preventDefault()}>
      <label>
        Amber after (minutes)
        <input
          type="number"
          min={1}
          max={120}
          inputMode="numeric"
          value={settings.thresholds.warnMinutes}
          onChange={(e) => setThreshold('warnMinutes', e.target.value)}
        />
      </label>
      <label>
        Red after (minutes)
        <input
          type="number"
          min={1}
          max={240}
          inputMode="numeric"
          value={settings.thresholds.lateMinutes}
          onChange={(e) => setThreshold('lateMinutes', e.target.value)}
        />
      </label>
      <label>
        Warn after silence (seconds)
        <input
          type="number"
          min={5}
          max={600}
          inputMode="numeric"
          value={settings.staleAfterSeconds}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v > 0) onChange({ ...settings, staleAfterSeconds: v });
          }}
        />
      </label>
      <p className="kds-help">
        Keys: ← → ↑ ↓ move · 1–9 pick · Enter/Space bump · S start · D ready · X next item done · R recall last · B recall list
      </p>
    </form>
  );
}
