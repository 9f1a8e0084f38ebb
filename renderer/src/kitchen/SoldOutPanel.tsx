import { useMemo, useState } from 'react';
import { useBridge } from '../app/BridgeContext.js';
import { availabilityByItem, availabilityChanged, availabilityLabel } from '../store/availability-slice.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';

/**
 * The cook's "86": mark an item sold out (or available again) for the whole store. The core stamps
 * and merges it into the store's availability document; every till greys the item out as it arrives.
 */
export function SoldOutPanel() {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const items = useAppSelector((s) => s.routing.view?.items ?? []);
  const view = useAppSelector((s) => s.availability.view);
  const byItem = useMemo(() => availabilityByItem(view), [view]);
  const [problem, setProblem] = useState<string | null>(null);

  const mark = async (itemId: string, soldOut: boolean) => {
    const result = await bridge.invoke('menu.setAvailability', { itemId, soldOut });
    if (result.ok) {
      dispatch(availabilityChanged(result.value));
      setProblem(null);
    } else setProblem(result.error.message);
  };

  return (
    <section className="sold-out-panel" aria-label="Sold out">
      <h2>Sold out</h2>
      {problem && <p role="alert">{problem}</p>}
      <ul role="list">
        {items.map((item) => {
          const state = byItem.get(item.id);
          const soldOut = state?.soldOut ?? false;
          return (
            <li key={item.id}>
              <span>{item.name}</span> {availabilityLabel(state) && <span className="item-stock">{availabilityLabel(state)}</span>}{' '}
              <button type="button" className="small" aria-pressed={soldOut} onClick={() => void mark(item.id, !soldOut)}>
                {soldOut ? `${item.name} available again` : `Mark ${item.name} sold out`}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
