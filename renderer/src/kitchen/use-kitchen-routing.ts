import { useMemo } from 'react';
import { useAppSelector } from '../store/hooks.js';
import { lineStation, routedStation, type UnfiredStation } from './kds-model.js';

export interface KitchenRouting {
  /** The stations routing knows, so a screen can pick its station before its first ticket. */
  stations: readonly string[];
  /** Where lines not yet on a ticket will go; without routing, only where they name a station. */
  unfired: UnfiredStation;
}

const NO_STATIONS: readonly string[] = [];

/** The routing slice (loaded on every reconnect, live from pushes) in the shape the screen uses. */
export function useKitchenRouting(): KitchenRouting {
  const view = useAppSelector((s) => s.routing.view);
  return useMemo(
    () =>
      view ? { stations: view.routing.stations, unfired: routedStation(view.items) } : { stations: NO_STATIONS, unfired: lineStation },
    [view],
  );
}
