import { useCallback, useEffect, useState } from 'react';
import type { LogLevel, LogLineView } from '../../../shared/ipc/diagnostics.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppSelector } from '../store/hooks.js';
import { orderSelectors } from '../store/orders-slice.js';
import { resolveOrderFilter } from './diagnostics-format.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

function fieldsText(fields: Record<string, string>): string {
  return Object.entries(fields)
    .filter(([key]) => key !== 'stationId')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

/** The station core's recent structured log lines, filterable by level and by order (ticket number or id). */
export function LogsSection() {
  const bridge = useBridge();
  const orders = useAppSelector((s) => orderSelectors.selectAll(s.orders));
  const [minLevel, setMinLevel] = useState<LogLevel>('info');
  const [orderText, setOrderText] = useState('');
  const [lines, setLines] = useState<LogLineView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filter = resolveOrderFilter(orderText, orders);
  const unknownOrder = filter.kind === 'unknown';
  const orderId = filter.kind === 'order' ? filter.orderId : null;

  const load = useCallback(async () => {
    if (unknownOrder) {
      setLines([]);
      return;
    }
    const result = await bridge.invoke('diagnostics.logs', { minLevel, limit: 200, ...(orderId ? { orderId } : {}) });
    if (result.ok) {
      setLines(result.value.lines);
      setError(null);
    } else setError(result.error.message);
  }, [bridge, minLevel, unknownOrder, orderId]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="diag-logs" className="diag-card diag-wide">
      <h2 id="diag-logs">Logs</h2>
      <form className="diag-filters" aria-label="Log filters" onSubmit={(e) => (e.preventDefault(), void load())}>
        <label>
          Level
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)}>
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level} and above
              </option>
            ))}
          </select>
        </label>
        <label>
          Order
          <input type="search" placeholder="ticket number or order id" value={orderText} onChange={(e) => setOrderText(e.target.value)} />
        </label>
        <button type="submit" className="small">
          Refresh
        </button>
      </form>
      {unknownOrder && <p className="diag-problem">No active order has ticket number {orderText.trim()}.</p>}
      {error && <p className="diag-problem">Could not read the logs: {error}</p>}
      {lines === null ? (
        <p className="placeholder">Loading…</p>
      ) : lines.length === 0 ? (
        <p className="placeholder">No log lines match.</p>
      ) : (
        // Scrolls on its own: focusable, so a keyboard can scroll it too.
        <ol role="list" aria-label="Log lines" className="log-lines" tabIndex={0}>
          {lines.map((line) => (
            <li key={line.seq} className={`log-line log-${line.level}`}>
              <time dateTime={new Date(line.at).toISOString()}>{new Date(line.at).toLocaleTimeString()}</time>{' '}
              <span className="log-level">{line.level.toUpperCase()}</span>{' '}
              {line.component && <span className="log-component">[{line.component}]</span>} {line.message}
              {line.orderId && <span className="log-order"> order={line.orderId}</span>}
              {Object.keys(line.fields).length > 0 && <span className="log-fields"> {fieldsText(line.fields)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
