import { useState, type FormEvent } from 'react';
import { requestPairing } from '../bridge/device-token.js';

const ROLE_NAMES = { cashier: 'cashier', kitchen: 'kitchen screen', customer: 'customer display' } as const;

/**
 * What a LAN device shows before it is paired: the code shown at the counter (Diagnostics → Pair a
 * device) and a name to list it under. The station's certificate is self-signed, so the browser asked
 * about it first; the counter shows its fingerprint to compare with the one the browser shows.
 */
export function PairWindow({
  window,
  notice,
  onPaired,
}: {
  window: keyof typeof ROLE_NAMES;
  notice: string | null;
  onPaired: (role: keyof typeof ROLE_NAMES, token: string) => void;
}) {
  const [code, setCode] = useState('');
  const [name, setName] = useState(`${ROLE_NAMES[window][0]!.toUpperCase()}${ROLE_NAMES[window].slice(1)}`);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await requestPairing(fetch, code, name);
    setBusy(false);
    if (outcome.ok) onPaired(outcome.role, outcome.token);
    else setError(outcome.message);
  }

  return (
    <main className="pair-window">
      <h1>Pair this {ROLE_NAMES[window]}</h1>
      {notice && <p role="status">{notice}</p>}
      <p>
        At the counter, open Diagnostics and choose <strong>Pair a device</strong>. Enter the code it shows. Check that the certificate
        fingerprint shown there matches the one this browser shows for the station.
      </p>
      <form onSubmit={(e) => void submit(e)} aria-label="Pair this device">
        <label>
          Pairing code
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 -]{6,9}"
            maxLength={9}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label>
          Device name
          <input name="name" maxLength={40} required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {error && <p role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </main>
  );
}
