import { useLastActivity } from '../app/BridgeContext.js';
import { useAppSelector } from '../store/hooks.js';
import { lastHeardText } from './last-heard.js';

/**
 * "Last heard from station core": a kitchen that silently stops receiving tickets is worse than one
 * that says so. Warns after `staleAfterMs` without any frame (the kitchen pings every 4 s).
 */
export function LastHeard({ nowMs, staleAfterMs }: { nowMs: number; staleAfterMs: number }) {
  const lastActivity = useLastActivity();
  const status = useAppSelector((s) => s.connection.status);
  const heard = lastHeardText({ status, lastActivityAt: lastActivity ? lastActivity() : undefined, nowMs, staleAfterMs });
  return (
    <span
      className={`last-heard last-heard-${heard.tone}`}
      aria-label="Last heard from station core"
      aria-live={heard.tone === 'stale' ? 'assertive' : 'off'}
    >
      {heard.text}
    </span>
  );
}
