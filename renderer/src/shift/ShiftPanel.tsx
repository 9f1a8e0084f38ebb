import { useActorRef, useSelector } from '@xstate/react';
import { useMemo, useState, type FormEvent } from 'react';
import type { ShiftReportView, ShiftView } from '../../../shared/ipc/commands/staff.js';
import { formatMoney } from '../../../shared/money.js';
import { useBridge } from '../app/BridgeContext.js';
import { useAppDispatch, useAppSelector } from '../store/hooks.js';
import { noticeDismissed, noticeShown } from '../store/notices-slice.js';
import { shiftChanged } from '../store/staff-slice.js';
import { parseCountedCash } from './counted-input.js';
import { openWorkWarnings } from './open-work.js';
import { shiftCloseMachine } from './shift-close-machine.js';
import { openShift, printXReport, reprintZReport, SHIFT_NOTICE } from './shift-thunks.js';
import { overShortLabel, ShiftReport } from './ShiftReport.js';

const NOTICE = SHIFT_NOTICE;

/**
 * The drawer session: open with the counted float, print an X report mid-shift, close with the
 * counted cash (a blind count: expected vs counted and over/short shown once the count is entered,
 * with a warning about orders and kitchen tickets still open), then the Z report.
 * A panel above the cashier screen rather than a modal, so the window's one alert region stays in view.
 */
export function ShiftPanel({ onClose }: { onClose: () => void }) {
  const shift = useAppSelector((s) => s.staff.shift);
  const currency = useAppSelector((s) => s.catalog.items[0]?.currency ?? 'EUR');
  const [closedReport, setClosedReport] = useState<ShiftReportView | null>(null);
  // Held here, not under the open shift: the core pushes "no open shift" before it answers the
  // close, and the count must stay mounted to receive that answer and show the Z report.
  const [closing, setClosing] = useState(false);
  return (
    <section className="shift-panel" aria-labelledby="shift-title">
      <header className="shift-panel-header">
        <h2 id="shift-title">Shift</h2>
        <button type="button" className="small" onClick={onClose}>
          Done
        </button>
      </header>
      {closedReport ? (
        <ClosedShift report={closedReport} />
      ) : closing ? (
        <CloseShift currency={currency} onCancel={() => setClosing(false)} onClosed={setClosedReport} />
      ) : shift ? (
        <OpenShift shift={shift} currency={currency} onClose={() => setClosing(true)} />
      ) : (
        <OpenShiftForm currency={currency} />
      )}
    </section>
  );
}

/** The Z report after the close, with an explicit reprint (the first print is the core's, once). */
function ClosedShift({ report }: { report: ShiftReportView }) {
  const dispatch = useAppDispatch();
  const reprint = () => dispatch(reprintZReport(report.shiftId));
  return (
    <div className="shift-closed">
      <ShiftReport report={report} />
      <div className="shift-actions">
        <button type="button" onClick={() => void reprint()}>
          Print Z report again
        </button>
      </div>
    </div>
  );
}

function OpenShiftForm({ currency }: { currency: string }) {
  const dispatch = useAppDispatch();
  const [floatText, setFloatText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCountedCash(floatText, currency);
    if (!parsed.ok) {
      dispatch(noticeShown({ key: NOTICE, severity: 'error', message: `Opening float: ${parsed.message}` }));
      return;
    }
    setBusy(true);
    await dispatch(openShift(parsed.minor));
    setBusy(false);
  };
  return (
    <form className="shift-form" onSubmit={(e) => void submit(e)}>
      <p>No shift is open on this till. Count the float into the drawer, then open the shift.</p>
      <label>
        Opening float
        <input
          inputMode="decimal"
          autoComplete="off"
          value={floatText}
          onChange={(e) => setFloatText(e.target.value)}
          placeholder="100.00"
        />
      </label>
      <button type="submit" className="primary" disabled={busy || floatText.trim() === ''}>
        Open shift
      </button>
    </form>
  );
}

function OpenShift({ shift, currency, onClose }: { shift: ShiftView; currency: string; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const [xReport, setXReport] = useState<ShiftReportView | null>(null);
  const printX = async () => {
    const report = await dispatch(printXReport());
    if (report) setXReport(report);
  };
  return (
    <div className="shift-open">
      <p>
        Shift open since {new Date(shift.openedAt).toLocaleTimeString([], { timeStyle: 'short' })}, by {shift.openedBy.name}, float{' '}
        {formatMoney(shift.floatMinor, currency)}.
      </p>
      <div className="shift-actions">
        <button type="button" onClick={() => void printX()}>
          X report
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Close shift
        </button>
      </div>
      {xReport && <ShiftReport report={xReport} />}
    </div>
  );
}

function CloseShift({
  currency,
  onCancel,
  onClosed,
}: {
  currency: string;
  onCancel: () => void;
  onClosed: (report: ShiftReportView) => void;
}) {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const machine = useMemo(
    () =>
      shiftCloseMachine.provide({
        actions: {
          reportError: (_, { error }) =>
            dispatch(noticeShown({ key: NOTICE, severity: 'error', code: error.code, message: error.message })),
          clearError: () => dispatch(noticeDismissed(NOTICE)),
          shiftClosed: (_, { report }) => {
            dispatch(shiftChanged(null));
            onClosed(report);
          },
        },
      }),
    [dispatch, onClosed],
  );
  const actor = useActorRef(machine, { input: { bridge } });
  const phase = useSelector(actor, (s) => s.value);
  const preview = useSelector(actor, (s) => s.context.preview);
  const [countedText, setCountedText] = useState('');
  const [note, setNote] = useState('');
  // Open orders or live tickets at close are allowed (a late table), but only once someone has said so.
  const [closeAnyway, setCloseAnyway] = useState(false);

  const review = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseCountedCash(countedText, currency);
    if (!parsed.ok) {
      dispatch(noticeShown({ key: NOTICE, severity: 'error', message: `Counted cash: ${parsed.message}` }));
      return;
    }
    actor.send({ type: 'REVIEW', countedMinor: parsed.minor, note: note.trim() === '' ? undefined : note.trim() });
  };

  if ((phase === 'reviewing' || phase === 'closing') && preview && preview.countedCashMinor !== null && preview.overShortMinor !== null) {
    const money = (minor: number) => formatMoney(minor, preview.currency);
    const warnings = openWorkWarnings(preview);
    const blocked = warnings.length > 0 && !closeAnyway;
    return (
      <div className="shift-review">
        {warnings.length > 0 && (
          <section className="shift-warning" aria-label="Still open">
            <h3>Still open on this till</h3>
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
            <label className="close-anyway">
              <input type="checkbox" checked={closeAnyway} onChange={(e) => setCloseAnyway(e.target.checked)} />
              Close the shift anyway
            </label>
          </section>
        )}
        <dl aria-label="Cash count">
          <div>
            <dt>Expected cash</dt>
            <dd>{money(preview.expectedCashMinor)}</dd>
          </div>
          <div>
            <dt>Counted cash</dt>
            <dd>{money(preview.countedCashMinor)}</dd>
          </div>
          <div className={`over-short ${preview.overShortMinor < 0 ? 'short' : preview.overShortMinor > 0 ? 'over' : 'even'}`}>
            <dt>Over/short</dt>
            <dd>{overShortLabel(preview.overShortMinor, preview.currency)}</dd>
          </div>
        </dl>
        <div className="shift-actions">
          <button
            type="button"
            onClick={() => {
              setCloseAnyway(false);
              actor.send({ type: 'BACK' });
            }}
            disabled={phase === 'closing'}
          >
            Recount
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => actor.send({ type: 'CONFIRM' })}
            disabled={phase === 'closing' || blocked}
          >
            {phase === 'closing' ? 'Closing…' : 'Confirm and close shift'}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="shift-form" onSubmit={review}>
      {/* A blind count: what the drawer should hold is shown only after the count is entered. */}
      <p>Count the cash in the drawer, float included. The expected amount is shown after you enter your count.</p>
      <label>
        Counted cash
        <input
          inputMode="decimal"
          autoComplete="off"
          value={countedText}
          onChange={(e) => setCountedText(e.target.value)}
          placeholder="0.00"
        />
      </label>
      <label>
        Note (optional)
        <input autoComplete="off" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="shift-actions">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="submit" className="primary" disabled={phase !== 'counting' || countedText.trim() === ''}>
          Review count
        </button>
      </div>
    </form>
  );
}
