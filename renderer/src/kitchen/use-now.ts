import { useEffect, useState } from 'react';
import { systemClock, type Clock } from '../../../shared/clock.js';

/** Re-renders every `intervalMs` so ticket timers move without any order event. */
export function useNow(clock: Clock = systemClock, intervalMs = 1_000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(clock.now()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, intervalMs]);
  return now;
}
