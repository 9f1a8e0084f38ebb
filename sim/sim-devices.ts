import type { DrawerKickRecord } from '../drivers/devices/drawer-kick-log.js';
import { kitchenTicketsByStation, type KitchenOrder } from '../drivers/escpos/kitchen-split.js';
import type { ReceiptDocument } from '../drivers/escpos/receipt-document.js';
import type { PrintableDocument, PrintJob } from '../drivers/queue/print-job.js';
import type { Clock } from '../shared/clock.js';
import type { PeripheralDevices } from '../electron/core/devices/order-peripherals.js';
import { SqlitePrintJobStore } from '../electron/core/devices/sqlite-print-jobs.js';
import type { Db } from '../electron/core/db/open-database.js';

/** One sheet out of a station's printer: what an auditor would find in the paper roll. */
export interface Sheet {
  /** A sale's receipt, a REFUND slip (one per refund) or a kitchen ticket. */
  kind: 'receipt' | 'refund' | 'kitchen';
  orderId: string;
  /** The refund it is for (refund slips). */
  refundId: string | null;
  /** The kitchen ticket it is for (kitchen sheets). */
  ticketId: string | null;
  kitchenStation: string | null;
  /** A copy printed on purpose, marked REPRINT on paper. */
  reprint: boolean;
  at: number;
}

export interface Kick {
  orderId: string | null;
  reason: string;
  at: number;
}

const REFUND_SLIP = 'refund-slip:';

/**
 * A station's physical hardware: the paper that came out of its printers and the times its drawer
 * opened. It outlives the station process (a crash does not take paper back), so the checks can
 * see a ticket printed once before a crash and again after it.
 */
export class StationHardware {
  readonly paper: Sheet[] = [];
  readonly kicks: Kick[] = [];
}

export interface SimDeviceFaults {
  /** Canary: the print job's idempotency key is not looked at, so every time a ticket is due it prints. */
  ignorePrintKeys?: boolean;
  /** Canary: the drawer opens for a sale and then again on its own (a replayed kick). */
  replayKick?: boolean;
}

/**
 * The device manager as the order peripherals use it, with the station's real print job store
 * (`SqlitePrintJobStore` in its SQLite file, keyed by the same idempotency keys as the print queue):
 * a job that is created is a sheet of paper; one that already exists prints nothing. Jobs print at
 * once and never fail (a printer's own faults are the drivers' tests' business).
 */
export function simDevices(deps: {
  db: Db;
  hardware: StationHardware;
  clock: Clock;
  newId: () => string;
  faults: SimDeviceFaults;
}): PeripheralDevices {
  const { hardware, clock, faults } = deps;
  const jobs = new SqlitePrintJobStore(deps.db);
  const submit = (
    key: string,
    kind: 'receipt' | 'kitchen',
    document: PrintableDocument,
    orderId: string,
  ): { job: PrintJob; created: boolean } => {
    const now = clock.now();
    const job = {
      id: deps.newId(),
      idempotencyKey: key,
      printerId: kind === 'receipt' ? 'receipt' : 'kitchen',
      route: kind === 'receipt' ? 'receipt' : `kitchen:${document.kind === 'kitchen' ? document.station : ''}`,
      kind,
      document,
      bytes: new Uint8Array(0),
      profileId: 'simulated',
      state: 'done' as const,
      reprintOf: null,
      orderId,
      createdAt: now,
      queuedAt: now,
    };
    if (!faults.ignorePrintKeys) return jobs.insert(job, now);
    return { job: { ...job, attempts: 0, updatedAt: now, doneAt: now, lastError: null }, created: true };
  };
  return {
    printReceipt(document: ReceiptDocument, options: { orderId: string; idempotencyKey?: string }): PrintJob {
      const key = options.idempotencyKey ?? `receipt:${options.orderId}`;
      const { job, created } = submit(key, 'receipt', document, options.orderId);
      // The queue knows a refund slip by its key (one per refund id), as the paper shows it by its REFUND title.
      const refundId = key.startsWith(REFUND_SLIP) ? key.slice(REFUND_SLIP.length) : null;
      if (created) hardware.paper.push({ ...sheet(refundId ? 'refund' : 'receipt', options.orderId, null, null, clock), refundId });
      return job;
    },
    printKitchen(order: KitchenOrder, options: { orderId: string; keyPrefix?: string }): { jobs: PrintJob[]; errors: string[] } {
      const printed: PrintJob[] = [];
      const ticketId = options.keyPrefix?.startsWith('kitchen-ticket:') ? options.keyPrefix.slice('kitchen-ticket:'.length) : null;
      for (const ticket of kitchenTicketsByStation(order)) {
        const key = `${options.keyPrefix ?? 'kitchen'}:${options.orderId}:${ticket.station.trim().toLowerCase()}`;
        const { job, created } = submit(key, 'kitchen', ticket, options.orderId);
        if (created) hardware.paper.push(sheet('kitchen', options.orderId, ticketId, ticket.station, clock));
        printed.push(job);
      }
      return { jobs: printed, errors: [] };
    },
    openDrawer(request): Promise<DrawerKickRecord> {
      const at = clock.now();
      hardware.kicks.push({ orderId: request.orderId ?? null, reason: request.reason, at });
      if (faults.replayKick) hardware.kicks.push({ orderId: request.orderId ?? null, reason: request.reason, at });
      return Promise.resolve({
        id: deps.newId(),
        drawerId: 'drawer',
        printerId: 'receipt',
        orderId: request.orderId ?? null,
        shiftId: request.shiftId ?? null,
        reason: request.reason,
        requestedBy: request.requestedBy ?? null,
        state: 'sent',
        method: 'esc-p',
        error: null,
        requestedAt: at,
        completedAt: at,
      });
    },
    display: () => undefined,
  };
}

function sheet(kind: Sheet['kind'], orderId: string, ticketId: string | null, kitchenStation: string | null, clock: Clock): Sheet {
  return { kind, orderId, refundId: null, ticketId, kitchenStation, reprint: false, at: clock.now() };
}
