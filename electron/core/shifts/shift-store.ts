import { z } from 'zod';
import { ShiftReportView, type ShiftView, type StaffView } from '../../../shared/ipc/commands/staff.js';
import type { Db } from '../db/open-database.js';
import type { OrderFigures, ShiftEvent } from './shift-totals.js';

interface ShiftRow {
  id: string;
  station_id: string;
  opened_by: string;
  opened_by_name: string;
  opened_at: number;
  open_seq: number;
  float_minor: number;
  closed_by: string | null;
  closed_by_name: string | null;
  closed_at: number | null;
  close_seq: number | null;
  counted_minor: number | null;
  note: string | null;
  z_report: string | null;
}

export interface ShiftRecord {
  view: ShiftView;
  /** The station's last own event seq when the shift opened: the shift's events come after it. */
  openSeq: number;
  /** Its last own event seq when the shift closed (the shift's events go up to it); null while open. */
  closeSeq: number | null;
  note: string | null;
  /** The Z report as closed; null while the shift is open. */
  zReport: ShiftReportView | null;
}

const COLUMNS =
  'id, station_id, opened_by, opened_by_name, opened_at, open_seq, float_minor, closed_by, closed_by_name, closed_at, close_seq, counted_minor, note, z_report';

/** Only the fields the totals use; the event was validated in full when it was written. */
const StoredMoneyEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('PaymentCaptured'),
    orderId: z.string(),
    payload: z.object({
      paymentId: z.string(),
      method: z.string().default('cash'),
      amountMinor: z.int(),
      tipMinor: z.int().default(0),
      roundingMinor: z.int().default(0),
      changeMinor: z.int().default(0),
    }),
  }),
  z.object({ type: z.literal('PaymentRefunded'), orderId: z.string(), payload: z.object({ paymentId: z.string(), amountMinor: z.int() }) }),
  z.object({ type: z.literal('LineVoided'), orderId: z.string() }),
  z.object({
    type: z.literal('PaymentApprovedOffline'),
    orderId: z.string(),
    payload: z.object({ paymentId: z.string(), amountMinor: z.int(), tipMinor: z.int() }),
  }),
  z.object({
    type: z.enum(['OfflinePaymentForwarded', 'OfflinePaymentDeclined', 'OfflinePaymentExpired', 'OfflinePaymentLossResolved']),
    orderId: z.string(),
    payload: z.object({ paymentId: z.string() }),
  }),
]);

/**
 * The few fields of a stored order projection the totals need: parsing only these keeps a report of
 * a busy shift fast (the full view's schema is checked when the projection is written).
 */
const StoredOrderFigures = z.object({
  subtotalMinor: z.int(),
  discountMinor: z.int(),
  taxMinor: z.int(),
  totalMinor: z.int(),
  payments: z.array(z.object({ paymentId: z.string(), method: z.string(), amountMinor: z.int().default(0), tipMinor: z.int().default(0) })),
});
export type StoredOrderFigures = z.infer<typeof StoredOrderFigures>;

/** Staff are recorded with the name they had then; the role is the one they have now, or cashier. */
type StaffLookup = (staffId: string, name: string) => StaffView;

/**
 * The `shifts` table and the reads of this station's event log that shift totals need. The station
 * id is also the origin of the events it writes: a shift's own events are the ones with that origin
 * whose seq falls after the shift's open seq (up to its close seq), found on the (origin, seq) index.
 */
export class ShiftStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly stationId: string,
    private readonly staffOf: StaffLookup,
  ) {
    this.statements = {
      open: db.prepare<[string], ShiftRow>(`SELECT ${COLUMNS} FROM shifts WHERE station_id = ? AND closed_at IS NULL`),
      byId: db.prepare<[string, string], ShiftRow>(`SELECT ${COLUMNS} FROM shifts WHERE id = ? AND station_id = ?`),
      // The open seq is read in the insert itself: no own event can commit between the read and the row.
      insert: db.prepare(
        `INSERT INTO shifts (id, station_id, opened_by, opened_by_name, opened_at, open_seq, float_minor)
         VALUES (@id, @stationId, @openedBy, @openedByName, @openedAt, (SELECT coalesce(max(seq), 0) FROM events WHERE origin = @stationId), @floatMinor)`,
      ),
      close: db.prepare(
        `UPDATE shifts SET closed_by = @closedBy, closed_by_name = @closedByName, closed_at = @closedAt, close_seq = @closeSeq,
           counted_minor = @countedMinor, note = @note, z_report = @zReport
         WHERE id = @id AND closed_at IS NULL`,
      ),
      lastOwnSeq: db.prepare<[string], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM events WHERE origin = ?'),
      moneyEvents: db.prepare<[string, number, number], { body: string }>(
        `SELECT body FROM events
         WHERE origin = ? AND seq > ? AND seq <= ? AND type IN ('PaymentCaptured', 'PaymentRefunded', 'LineVoided', 'PaymentApprovedOffline',
           'OfflinePaymentForwarded', 'OfflinePaymentDeclined', 'OfflinePaymentExpired', 'OfflinePaymentLossResolved')
         ORDER BY seq`,
      ),
      // Orders paid in the seq window, with the seq of this station's first payment on each (maybe earlier).
      // \`+origin\` keeps the planner on the order index for the outer read, not on all of this station's events.
      firstCaptures: db.prepare<[string, string, number, number], { order_id: string; first: number }>(
        `SELECT order_id, MIN(seq) AS first FROM events
         WHERE +origin = ? AND type IN ('PaymentCaptured', 'PaymentApprovedOffline') AND order_id IN (
           SELECT order_id FROM events WHERE origin = ? AND seq > ? AND seq <= ? AND type IN ('PaymentCaptured', 'PaymentApprovedOffline'))
         GROUP BY order_id`,
      ),
      orderView: db.prepare<[string], { view: string }>('SELECT view FROM order_view WHERE order_id = ?'),
    };
  }

  current(): ShiftRecord | undefined {
    const row = this.statements.open.get(this.stationId);
    return row ? this.toRecord(row) : undefined;
  }

  get(shiftId: string): ShiftRecord | undefined {
    const row = this.statements.byId.get(shiftId, this.stationId);
    return row ? this.toRecord(row) : undefined;
  }

  /** False when the station already has an open shift (the unique index decides, not a prior read). */
  insert(shift: { id: string; openedBy: StaffView; openedAt: number; floatMinor: number }): boolean {
    try {
      this.statements.insert.run({
        id: shift.id,
        stationId: this.stationId,
        openedBy: shift.openedBy.id,
        openedByName: shift.openedBy.name,
        openedAt: shift.openedAt,
        floatMinor: shift.floatMinor,
      });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }

  /** False when the shift was closed already (by another window a moment ago). */
  close(
    shiftId: string,
    close: { closedBy: StaffView; closedAt: number; closeSeq: number; countedMinor: number; note: string | null; zReport: ShiftReportView },
  ): boolean {
    const info = this.statements.close.run({
      id: shiftId,
      closedBy: close.closedBy.id,
      closedByName: close.closedBy.name,
      closedAt: close.closedAt,
      closeSeq: close.closeSeq,
      countedMinor: close.countedMinor,
      note: close.note,
      zReport: JSON.stringify(close.zReport),
    });
    return info.changes === 1;
  }

  /** The seq of the last event this station wrote (0 before the first). */
  lastOwnSeq(): number {
    return this.statements.lastOwnSeq.get(this.stationId)?.seq ?? 0;
  }

  /** This station's payments, refunds and voids with a seq after `afterSeq` and up to `uptoSeq`, in seq order. */
  moneyEvents(afterSeq: number, uptoSeq: number): ShiftEvent[] {
    return this.statements.moneyEvents.all(this.stationId, afterSeq, uptoSeq).map(({ body }) => {
      const event = StoredMoneyEvent.parse(JSON.parse(body));
      switch (event.type) {
        case 'PaymentCaptured':
          return { type: event.type, orderId: event.orderId, ...event.payload };
        case 'PaymentRefunded':
          return { type: event.type, orderId: event.orderId, ...event.payload };
        case 'LineVoided':
          return { type: event.type, orderId: event.orderId };
        case 'PaymentApprovedOffline':
        case 'OfflinePaymentForwarded':
        case 'OfflinePaymentDeclined':
        case 'OfflinePaymentExpired':
        case 'OfflinePaymentLossResolved':
          return { type: event.type, orderId: event.orderId, ...event.payload } as ShiftEvent;
      }
    });
  }

  /** Orders with a payment taken here in the seq window, and the seq of the first payment this station took on each. */
  firstCaptures(afterSeq: number, uptoSeq: number): Map<string, number> {
    return new Map(
      this.statements.firstCaptures.all(this.stationId, this.stationId, afterSeq, uptoSeq).map((row) => [row.order_id, row.first]),
    );
  }

  /** The order's sales figures and payment methods from its projection; undefined once compacted away. */
  orderFigures(orderId: string): (OrderFigures & Pick<StoredOrderFigures, 'payments'>) | undefined {
    const row = this.statements.orderView.get(orderId);
    return row ? StoredOrderFigures.parse(JSON.parse(row.view)) : undefined;
  }

  transaction<T>(run: () => T): T {
    return this.db.transaction(run).immediate();
  }

  private toRecord(row: ShiftRow): ShiftRecord {
    const closedBy = row.closed_by !== null && row.closed_by_name !== null ? this.staffOf(row.closed_by, row.closed_by_name) : null;
    const closed = row.closed_at !== null && closedBy !== null;
    return {
      view: {
        shiftId: row.id,
        stationId: row.station_id,
        status: closed ? 'closed' : 'open',
        openedBy: this.staffOf(row.opened_by, row.opened_by_name),
        openedAt: row.opened_at,
        floatMinor: row.float_minor,
        closedBy,
        closedAt: row.closed_at,
        countedCashMinor: row.counted_minor,
      },
      openSeq: row.open_seq,
      closeSeq: row.close_seq,
      note: row.note,
      zReport: row.z_report === null ? null : ShiftReportView.parse(JSON.parse(row.z_report)),
    };
  }
}
