import { useEffect, useState, type JSX } from 'react';
import type { SimulatedOutcome, TerminalView } from '../../../../shared/ipc/commands/payments.js';
import { useBridge } from '../../app/BridgeContext.js';
import { useAppSelector } from '../../store/hooks.js';

export const SIMULATED_OUTCOME_LABELS: Record<SimulatedOutcome, string> = {
  approve: 'Approve',
  decline: 'Decline',
  timeout_after_approving: 'Time out after charging (answer lost)',
  timeout_before_reaching: 'Time out before reaching the terminal',
  slow_approve: 'Slow tap, then approve',
};

/**
 * Shown only when the station's card terminal is the SIMULATED one (no card, no money moves): lets
 * the cashier or a tester choose what it answers next, to rehearse declines and lost answers.
 */
export function SimulatedTerminalControl({ operation = 'payment' }: { operation?: 'payment' | 'refund' }): JSX.Element | null {
  const bridge = useBridge();
  const [terminal, setTerminal] = useState<TerminalView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const movements = useAppSelector((s) => s.payments.movements);

  // Each payment or refund consumes a queued outcome: re-read what is queued whenever one moves.
  useEffect(() => {
    let live = true;
    void bridge.invoke('terminal.info', {}).then((info) => {
      if (!live) return;
      if (info.ok) setTerminal(info.value);
      else setError(info.error.message);
    });
    return () => {
      live = false;
    };
  }, [bridge, movements]);

  if (error) return <p className="simulated-terminal-error">Terminal: {error}</p>;
  if (!terminal?.simulated) return null;
  const queued = terminal.queued[operation];
  const fallback = operation === 'payment' ? terminal.defaultOutcome : 'approve';

  const simulate = async (args: Parameters<typeof bridge.invoke<'terminal.simulate'>>[1]) => {
    const result = await bridge.invoke('terminal.simulate', args);
    if (result.ok) {
      setTerminal(result.value);
      setError(null);
    } else setError(result.error.message);
  };
  const choose = (outcome: SimulatedOutcome | 'clear') =>
    simulate(outcome === 'clear' ? { operation, clear: true } : { operation, outcome, clear: true });

  return (
    <section className="simulated-terminal" aria-label="Simulated terminal">
      <h4>
        Simulated terminal <span className="badge">no real card</span>
      </h4>
      <label>
        <span>Next {operation === 'payment' ? 'card payment' : 'card refund'}</span>
        <select
          aria-label={`Simulated next ${operation === 'payment' ? 'card payment' : 'card refund'}`}
          value={queued[0] !== undefined && queued[0] !== fallback ? queued[0] : 'clear'}
          onChange={(event) => void choose(event.target.value as SimulatedOutcome | 'clear')}
        >
          <option value="clear">{SIMULATED_OUTCOME_LABELS[fallback]} (default)</option>
          {(Object.keys(SIMULATED_OUTCOME_LABELS) as SimulatedOutcome[])
            .filter((o) => o !== fallback)
            .map((outcome) => (
              <option key={outcome} value={outcome}>
                {SIMULATED_OUTCOME_LABELS[outcome]}
              </option>
            ))}
        </select>
      </label>
      {operation === 'payment' && (
        <div className="simulated-gateway">
          <span>Gateway: {terminal.gatewayReachable ? 'reachable' : 'cut (cards approved offline)'}</span>
          <button type="button" onClick={() => void simulate({ gateway: terminal.gatewayReachable ? 'down' : 'up' })}>
            {terminal.gatewayReachable ? 'Cut gateway' : 'Restore gateway'}
          </button>
          <label>
            <span>Forwarded payments</span>
            <select
              aria-label="Simulated forwarding outcome"
              value={terminal.forwardOutcome}
              onChange={(event) => void simulate({ forwardOutcome: event.target.value === 'decline' ? 'decline' : 'accept' })}
            >
              <option value="accept">Accepted by the gateway</option>
              <option value="decline">Declined by the issuer</option>
            </select>
          </label>
        </div>
      )}
    </section>
  );
}
