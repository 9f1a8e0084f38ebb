import { useEffect, useRef } from 'react';

/**
 * Calls `onChange` with each entry of a by-id map that is new or replaced since the last render:
 * how a machine living in a component takes pushes that arrive as Redux state. Entries present when
 * the component mounted are not replayed (the machine loads its own starting point).
 */
export function useEntryChanges<T>(byId: Readonly<Record<string, T>>, onChange: (value: T) => void): void {
  const previous = useRef(byId);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const before = previous.current;
    previous.current = byId;
    if (before === byId) return;
    for (const [id, value] of Object.entries(byId)) if (before[id] !== value) latest.current(value);
  }, [byId]);
}
