import { DEFAULT_THRESHOLDS, parseStationView, stationViewKey, type StationView, type TimerThresholds } from './kds-model.js';

/** Per-screen settings, kept in this screen's localStorage: each kitchen tablet remembers its station. */
export interface KitchenSettings {
  view: StationView;
  thresholds: TimerThresholds;
  muted: boolean;
  /** Seconds without a word from the station core before the screen warns. */
  staleAfterSeconds: number;
}

export const KITCHEN_SETTINGS_KEY = 'pos.kitchen.settings';

export const defaultKitchenSettings: KitchenSettings = {
  view: { kind: 'all' },
  thresholds: DEFAULT_THRESHOLDS,
  muted: false,
  staleAfterSeconds: 10,
};

export interface SettingsStorage {
  getItem: (key: string) => string | null;
  setItem: (key: string, value: string) => void;
}

function positive(value: unknown, fallback: number, max = 600): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max ? value : fallback;
}

/** Reads settings, tolerating missing, old or hand-edited values field by field. */
export function parseKitchenSettings(raw: string | null): KitchenSettings {
  if (!raw) return defaultKitchenSettings;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return defaultKitchenSettings;
  }
  if (typeof data !== 'object' || data === null) return defaultKitchenSettings;
  const d = data as Record<string, unknown>;
  const t = (typeof d['thresholds'] === 'object' && d['thresholds'] !== null ? d['thresholds'] : {}) as Record<string, unknown>;
  const warnMinutes = positive(t['warnMinutes'], DEFAULT_THRESHOLDS.warnMinutes);
  let lateMinutes = positive(t['lateMinutes'], DEFAULT_THRESHOLDS.lateMinutes);
  if (lateMinutes <= warnMinutes) lateMinutes = warnMinutes + 1;
  return {
    view: parseStationView(typeof d['view'] === 'string' ? d['view'] : null),
    thresholds: { warnMinutes, lateMinutes },
    muted: d['muted'] === true,
    staleAfterSeconds: positive(d['staleAfterSeconds'], defaultKitchenSettings.staleAfterSeconds, 3600),
  };
}

export function serializeKitchenSettings(settings: KitchenSettings): string {
  return JSON.stringify({ ...settings, view: stationViewKey(settings.view) });
}

export function loadKitchenSettings(storage: SettingsStorage | null): KitchenSettings {
  try {
    return parseKitchenSettings(storage?.getItem(KITCHEN_SETTINGS_KEY) ?? null);
  } catch {
    return defaultKitchenSettings;
  }
}

export function saveKitchenSettings(storage: SettingsStorage | null, settings: KitchenSettings): void {
  try {
    storage?.setItem(KITCHEN_SETTINGS_KEY, serializeKitchenSettings(settings));
  } catch {
    // A locked-down browser keeps the settings for this page's life only.
  }
}
