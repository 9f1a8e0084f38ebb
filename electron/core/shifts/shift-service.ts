import type { ReceiptDocument } from '../../../drivers/escpos/receipt-document.js';
import type { Clock } from '../../../shared/clock.js';
import type { ShiftPreviewView, ShiftReportView, ShiftView, StaffView } from '../../../shared/ipc/commands/staff.js';
import type { Logger } from '../../../shared/logger.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import { fail, type ServiceResult } from '../orders/result.js';
import { shiftReportDocument } from './shift-report-document.js';
import type { ShiftRecord, ShiftStore } from './shift-store.js';
import { shiftTotals, type OrderFigures } from './shift-totals.js';

export interface ShiftServiceDeps {
  shifts: ShiftStore;
  stationId: string;
  storeName: string;
  currency: string;
  clock: Clock;
  logger: Logger;
  newId: () => string;
  /** Who is signed in at the till now; shifts are opened and closed by a person. */
  signedIn: () => StaffView | null;
  /** Queues a document on the receipt printer; the key makes a retried submit print nothing. Throws on a routing error. */
  print: (document: ReceiptDocument, idempotencyKey: string) => { jobId: string };
  /** Orders still open at this counter and kitchen tickets still on a screen, for the warning before a close. */
  openWork: () => { openOrders: number; liveKitchenTickets: number };
}

/**
 * Cash drawer sessions of this station: open with a counted float, X reports mid-shift, close with
 * the counted cash into a Z report (stored with the shift, printed once; reprints say REPRINT).
 */
export class ShiftService {
  private readonly listeners: ListenerSet<ShiftView | null>;

  constructor(private readonly deps: ShiftServiceDeps) {
    this.listeners = new ListenerSet((error) => deps.logger.error({ err: error }, 'shift listener failed'));
  }

  onChange(listener: (shift: ShiftView | null) => void): () => void {
    return this.listeners.add(listener);
  }

  current(): ShiftView | null {
    return this.deps.shifts.current()?.view ?? null;
  }

  hasOpenShift(): boolean {
    return this.deps.shifts.current() !== undefined;
  }

  open(floatMinor: number): ServiceResult<ShiftView> {
    const who = this.deps.signedIn();
    if (!who) return fail('not_signed_in', 'Sign in to open a shift');
    const shiftId = this.deps.newId();
    const inserted = this.deps.shifts.insert({ id: shiftId, openedBy: who, openedAt: this.deps.clock.now(), floatMinor });
    if (!inserted) return fail('invalid_state', 'A shift is already open on this station: close it first');
    const opened = this.deps.shifts.get(shiftId);
    if (!opened) throw new Error(`shift ${shiftId} vanished after it was opened`);
    this.deps.logger.info({ shiftId, openedBy: who.id, floatMinor }, 'shift opened');
    this.emit(opened.view);
    return { ok: true, value: opened.view };
  }

  /** What closing now would report; with a trial count, the over/short it would show, and the work still open. Prints nothing. */
  preview(countedMinor?: number): ServiceResult<ShiftPreviewView> {
    const open = this.requireOpen();
    if (!open.ok) return open;
    const report = this.report(open.value, 'x', this.deps.clock.now(), this.deps.shifts.lastOwnSeq(), countedMinor ?? null, null, null);
    return { ok: true, value: { ...report, ...this.deps.openWork() } };
  }

  /** Mid-shift X report, printed; the shift stays open. Each X report is its own snapshot and print. */
  xReport(): ServiceResult<ShiftReportView> {
    const open = this.requireOpen();
    if (!open.ok) return open;
    const report = this.report(open.value, 'x', this.deps.clock.now(), this.deps.shifts.lastOwnSeq(), null, null, null);
    this.printReport(report, `shift-report:${report.shiftId}:x:${report.asOf}`, false);
    return { ok: true, value: report };
  }

  /**
   * Closes the open shift. The report is computed and stored in the same transaction as the close,
   * so the Z report is what the shift closed with; printing follows and never undoes the close.
   */
  close(countedMinor: number, note: string | undefined): ServiceResult<ShiftReportView> {
    const who = this.deps.signedIn();
    if (!who) return fail('not_signed_in', 'Sign in to close the shift');
    const closed = this.deps.shifts.transaction((): ServiceResult<ShiftReportView> => {
      const open = this.requireOpen();
      if (!open.ok) return open;
      const closedAt = this.deps.clock.now();
      const closeSeq = this.deps.shifts.lastOwnSeq();
      const report = this.report(open.value, 'z', closedAt, closeSeq, countedMinor, who, note ?? null);
      if (
        !this.deps.shifts.close(report.shiftId, { closedBy: who, closedAt, closeSeq, countedMinor, note: note ?? null, zReport: report })
      ) {
        return fail('invalid_state', 'The shift was closed a moment ago by another window');
      }
      return { ok: true, value: report };
    });
    if (!closed.ok) return closed;
    const report = closed.value;
    this.deps.logger.info(
      {
        shiftId: report.shiftId,
        closedBy: who.id,
        expectedCashMinor: report.expectedCashMinor,
        countedMinor,
        overShortMinor: report.overShortMinor,
      },
      'shift closed',
    );
    this.printReport(report, `shift-report:${report.shiftId}:z`, false);
    this.emit(null);
    return closed;
  }

  /** Reprints a closed shift's Z report (marked REPRINT), or prints an X report of the open shift. */
  print(shiftId: string, kind: 'x' | 'z'): ServiceResult<ShiftReportView> {
    const record = this.deps.shifts.get(shiftId);
    if (!record) return fail('not_found', `No shift ${shiftId} on this station`);
    if (kind === 'x') {
      if (record.view.status !== 'open')
        return fail('invalid_state', 'An X report is of the open shift; this one is closed: print its Z report');
      return this.xReport();
    }
    if (!record.zReport) return fail('invalid_state', 'The shift is still open: a Z report exists once it is closed');
    this.printReport(record.zReport, `shift-report:${shiftId}:z:reprint:${this.deps.clock.now()}`, true);
    return { ok: true, value: record.zReport };
  }

  private requireOpen(): ServiceResult<ShiftRecord> {
    const open = this.deps.shifts.current();
    return open ? { ok: true, value: open } : fail('no_open_shift', 'No shift is open on this station');
  }

  private report(
    shift: ShiftRecord,
    kind: 'x' | 'z',
    asOf: number,
    /** The station's last own event seq as of the report: the shift's events end there. */
    uptoSeq: number,
    countedMinor: number | null,
    closedBy: StaffView | null,
    note: string | null,
  ): ShiftReportView {
    const { view } = shift;
    const events = this.deps.shifts.moneyEvents(shift.openSeq, uptoSeq);
    const firstCaptures = this.deps.shifts.firstCaptures(shift.openSeq, uptoSeq);
    const settledOrders: OrderFigures[] = [];
    const paymentMethods = new Map<string, string>();
    const paymentTotals = new Map<string, number>();
    for (const orderId of new Set(events.map((e) => e.orderId))) {
      const order = this.deps.shifts.orderFigures(orderId);
      if (!order) continue;
      for (const p of order.payments) {
        paymentMethods.set(p.paymentId, p.method);
        paymentTotals.set(p.paymentId, p.amountMinor + p.tipMinor);
      }
      const first = firstCaptures.get(orderId);
      if (first !== undefined && first > shift.openSeq) settledOrders.push(order);
    }
    const totals = shiftTotals({ floatMinor: view.floatMinor, events, settledOrders, paymentMethods, paymentTotals });
    return {
      kind,
      shiftId: view.shiftId,
      stationId: view.stationId,
      currency: this.deps.currency,
      openedBy: view.openedBy,
      openedAt: view.openedAt,
      closedBy,
      asOf,
      ...totals,
      floatMinor: view.floatMinor,
      countedCashMinor: countedMinor,
      overShortMinor: countedMinor === null ? null : countedMinor - totals.expectedCashMinor,
      note,
    };
  }

  private printReport(report: ShiftReportView, idempotencyKey: string, reprint: boolean): void {
    try {
      const { jobId } = this.deps.print(
        shiftReportDocument(report, this.deps.storeName, { printedAt: this.deps.clock.now(), reprint }),
        idempotencyKey,
      );
      this.deps.logger.info({ shiftId: report.shiftId, kind: report.kind, jobId }, 'shift report queued');
    } catch (error) {
      // The report is stored and answered to the window; a printer problem must not undo a close.
      this.deps.logger.error({ err: error, shiftId: report.shiftId, kind: report.kind }, 'shift report could not be queued for printing');
    }
  }

  private emit(shift: ShiftView | null): void {
    this.listeners.emit(shift);
  }
}
