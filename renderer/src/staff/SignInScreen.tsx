import { useCallback, useEffect, useRef, useState } from 'react';
import { attachWedgeScanner } from '../scanner/attach-wedge-scanner.js';
import type { StaffView } from '../../../shared/ipc/commands/staff.js';
import { useAppDispatch } from '../store/hooks.js';
import { noticeShown } from '../store/notices-slice.js';
import { loadStaffList, signIn } from './staff-thunks.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { pinComplete, pinKeyFor, pressPinKey, PIN_MAX, type PinKey } from './pin-entry.js';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The till's lock screen: a big PIN pad for fingers, and the keyboard's digits, Backspace, Escape
 * (clear) and Enter for a keyboard till. The PIN is never shown, only how many digits were typed.
 * Tapping one's name first is optional (the PIN alone identifies someone unless two people share it).
 */
export function SignInScreen() {
  const dispatch = useAppDispatch();
  const [pin, setPin] = useState('');
  // The keys typed so far, ahead of the render: a fast typist's Enter can arrive before React has
  // rendered the last digit, and a submit reading state would then see a PIN one digit short.
  const typed = useRef('');
  const setTyped = useCallback((next: string) => {
    typed.current = next;
    setPin(next);
  }, []);
  const [busy, setBusy] = useState(false);
  const [staff, setStaff] = useState<StaffView[]>([]);
  /** Optional: needed only when two people share a PIN, and it makes the check quicker. */
  const [chosen, setChosen] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void dispatch(loadStaffList()).then((list) => {
      if (live) setStaff(list);
    });
    return () => {
      live = false;
    };
  }, [dispatch]);

  const press = useCallback((key: PinKey) => setTyped(pressPinKey(typed.current, key)), [setTyped]);
  const submit = useCallback(async () => {
    const entered = typed.current;
    if (!pinComplete(entered) || busy) return;
    setBusy(true);
    const ok = await dispatch(signIn(entered, chosen));
    setBusy(false);
    // Wrong or not, the PIN is cleared: a half-remembered PIN is retyped, never edited.
    if (!ok) setTyped('');
  }, [busy, chosen, dispatch, setTyped]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.key === 'Enter') {
        event.preventDefault();
        void submit();
        return;
      }
      const key = pinKeyFor(event.key);
      if (key) {
        event.preventDefault();
        press(key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press, submit]);
  // A barcode scanned in keyboard mode would type digits and Enter into the pad: each such scan would
  // count as a wrong PIN towards the lockout. The detector swallows the scan's Enter; the digits go.
  useEffect(
    () =>
      attachWedgeScanner(window, () => {
        setTyped('');
        dispatch(noticeShown({ key: 'staff', severity: 'info', message: 'Sign in before scanning items' }));
      }),
    [dispatch, setTyped],
  );

  return (
    <div className="window sign-in-window">
      <StationHeader title="Sign in" />
      <AlertRegion />
      <main className="sign-in">
        <h2 id="sign-in-title">Enter your PIN</h2>
        {staff.length > 1 && (
          <div className="staff-choice" role="group" aria-label="Who are you? (optional)">
            {staff.map((person) => (
              <button
                key={person.id}
                type="button"
                className="small"
                aria-pressed={chosen === person.id}
                onClick={() => setChosen((current) => (current === person.id ? undefined : person.id))}
              >
                {person.name}
              </button>
            ))}
          </div>
        )}
        <p className="pin-display" aria-label={`PIN: ${pin.length} of up to ${PIN_MAX} digits entered`} aria-live="polite">
          {pin.length === 0 ? <span className="pin-placeholder">• • • •</span> : '●'.repeat(pin.length)}
        </p>
        <div className="pin-pad" role="group" aria-labelledby="sign-in-title">
          {DIGITS.map((digit) => (
            <button key={digit} type="button" onClick={() => press({ kind: 'digit', digit })} disabled={busy}>
              {digit}
            </button>
          ))}
          <button type="button" className="pin-word" onClick={() => press({ kind: 'clear' })} disabled={busy || pin.length === 0}>
            Clear
          </button>
          <button type="button" onClick={() => press({ kind: 'digit', digit: '0' })} disabled={busy}>
            0
          </button>
          <button
            type="button"
            aria-label="Delete last digit"
            onClick={() => press({ kind: 'backspace' })}
            disabled={busy || pin.length === 0}
          >
            ⌫
          </button>
        </div>
        <button type="button" className="primary sign-in-submit" onClick={() => void submit()} disabled={busy || !pinComplete(pin)}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </main>
    </div>
  );
}
