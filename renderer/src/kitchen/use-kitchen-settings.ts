import { useCallback, useMemo, useState } from 'react';
import { loadKitchenSettings, saveKitchenSettings, type KitchenSettings, type SettingsStorage } from './kitchen-settings.js';

function localStore(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * This screen's settings, remembered across reloads. `storage` undefined means the browser's
 * localStorage; null means none (tests, locked-down browsers).
 */
export function useKitchenSettings(storage: SettingsStorage | null | undefined): [KitchenSettings, (next: KitchenSettings) => void] {
  const store = useMemo(() => (storage === undefined ? localStore() : storage), [storage]);
  const [settings, setSettingsState] = useState<KitchenSettings>(() => loadKitchenSettings(store));
  const setSettings = useCallback(
    (next: KitchenSettings) => {
      setSettingsState(next);
      saveKitchenSettings(store, next);
    },
    [store],
  );
  return [settings, setSettings];
}
