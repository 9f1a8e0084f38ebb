import { useEffect, useState, type ReactNode } from 'react';
import { ShiftPanel } from '../shift/ShiftPanel.js';
import { SignInScreen } from '../staff/SignInScreen.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { AlertRegion } from '../ui/AlertRegion.js';
import { StationHeader } from '../ui/StationHeader.js';
import { tillUnlocked } from '../store/staff-slice.js';
import { signOut } from '../staff/staff-thunks.js';

const roleLabel = { cashier: 'Cashier', manager: 'Manager' } as const;

/**
 * Wraps the cashier window: where the station requires sign-in and nobody is signed in, the PIN
 * screen instead (the cashier screen is not even mounted, so typed digits never reach the cart);
 * otherwise the window plus a slim bar with who is signed in, Sign out and the shift panel.
 */
export function CashierGate({ children }: { children: ReactNode }) {
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.staff.session);
  const shift = useAppSelector((s) => s.staff.shift);
  const [shiftOpen, setShiftOpen] = useState(false);

  // The session and shift are loaded on every (re)connect and sign-in by the store's listeners.
  // A panel left open by someone who signed out must not greet the next person.
  const signedInId = session?.signedIn?.id;
  useEffect(() => {
    if (!signedInId) setShiftOpen(false);
  }, [signedInId]);

  if (session === null) {
    return (
      <div className="window">
        <StationHeader title="Cashier" />
        <AlertRegion />
        <p className="gate-wait">Checking who is signed in…</p>
      </div>
    );
  }
  // `npm start`'s demo team: anyone who read the README can sign in, and the window says so.
  const demo = session.demoPins ? (
    <p className="demo-pins-banner" role="note">
      Demo PINs are active (Alex 1111, Morgan 9999): not for a real shop. Put your team in the staff section of station.json.
    </p>
  ) : null;
  if (!tillUnlocked(session))
    return (
      <>
        {demo}
        <SignInScreen />
      </>
    );
  const signedIn = session.signedIn;
  return (
    <div className="cashier-frame">
      {demo}
      {signedIn && (
        <section className="staff-bar" aria-label="Signed in">
          <span className="staff-name">{signedIn.name}</span>
          <span className="staff-role">{roleLabel[signedIn.role]}</span>
          <span className={`shift-state ${shift ? 'open' : 'none'}`}>{shift ? 'Shift open' : 'No shift open'}</span>
          <button type="button" className="small" aria-expanded={shiftOpen} onClick={() => setShiftOpen((open) => !open)}>
            Shift
          </button>
          <button type="button" className="small" onClick={() => void dispatch(signOut())}>
            Sign out
          </button>
        </section>
      )}
      {signedIn && shiftOpen && <ShiftPanel onClose={() => setShiftOpen(false)} />}
      {children}
    </div>
  );
}
