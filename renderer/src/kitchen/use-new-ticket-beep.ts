import { useEffect, useRef } from 'react';
import { beep } from './beep.js';
import { newTicketKeys, type KdsTicket } from './kds-model.js';

/** A beep per batch of new tickets on this screen: not for the first load, not when muted. */
export function useNewTicketBeep(visible: readonly KdsTicket[], muted: boolean): void {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (seen.current !== null && !muted && newTicketKeys(seen.current, visible).length > 0) beep();
    seen.current = new Set(visible.map((t) => t.key));
  });
}
