import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../shared/clock.js';
import { silentLogger, type Logger } from '../../shared/logger.js';
import { pinNumber, type DrawerConnectorPin } from '../escpos/drawer-kick.js';
import type { DrawerKickLog, DrawerKickRecord } from './drawer-kick-log.js';
import type { PrinterDevice } from './printer-device.js';

export interface CashDrawerOptions {
  id: string;
  /** The printer whose kick-out connector the drawer is plugged into. */
  printer: PrinterDevice;
  log: DrawerKickLog;
  /** Connector pin 2 or 5: drawers are wired to one or the other ("try the other pin"). */
  pin?: DrawerConnectorPin;
  /** ESC p pulse; the defaults are Epson's example (50 ms on, 500 ms off). */
  onMs?: number;
  offMs?: number;
  /** DLE DC4 pulse length, 100–800 ms. */
  realtimePulseMs?: number;
  clock?: Clock;
  logger?: Logger;
  newId?: () => string;
}

export interface DrawerOpenRequest {
  orderId?: string;
  shiftId?: string;
  reason: string;
  requestedBy?: string;
}

/**
 * A cash drawer behind a receipt printer. Every open is recorded with the order/shift it belongs to
 * before the command is sent, and is attempted exactly once: it is never part of the print queue and
 * never replayed, because a drawer opening by itself later is a cash-handling incident.
 */
export class CashDrawer {
  readonly id: string;
  readonly printerId: string;
  readonly #printer: PrinterDevice;
  readonly #log: DrawerKickLog;
  readonly #pin: 0 | 1;
  readonly #onMs: number | undefined;
  readonly #offMs: number | undefined;
  readonly #realtimePulseMs: number | undefined;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #newId: () => string;

  constructor(options: CashDrawerOptions) {
    this.id = options.id;
    this.#printer = options.printer;
    this.printerId = options.printer.id;
    this.#log = options.log;
    this.#pin = pinNumber(options.pin ?? 2);
    this.#onMs = options.onMs;
    this.#offMs = options.offMs;
    this.#realtimePulseMs = options.realtimePulseMs;
    this.#clock = options.clock ?? systemClock;
    this.#logger = (options.logger ?? silentLogger).child({ deviceId: this.id });
    this.#newId = options.newId ?? randomUUID;
  }

  /** What the drawer sensor (kick-out connector pin 3) says, with the configured polarity. */
  sensor(): 'open' | 'closed' | 'unknown' {
    return this.#printer.snapshot().drawer;
  }

  /** Sends one kick and returns its record; a failure is recorded and returned, never retried. */
  async open(request: DrawerOpenRequest): Promise<DrawerKickRecord> {
    const record: DrawerKickRecord = {
      id: this.#newId(),
      drawerId: this.id,
      printerId: this.printerId,
      orderId: request.orderId ?? null,
      shiftId: request.shiftId ?? null,
      reason: request.reason,
      requestedBy: request.requestedBy ?? null,
      state: 'requested',
      method: null,
      error: null,
      requestedAt: this.#clock.now(),
      completedAt: null,
    };
    this.#log.insert(record);
    try {
      const { method } = await this.#printer.kickDrawer({
        pin: this.#pin,
        ...(this.#onMs !== undefined ? { onMs: this.#onMs } : {}),
        ...(this.#offMs !== undefined ? { offMs: this.#offMs } : {}),
        ...(this.#realtimePulseMs !== undefined ? { realtimePulseMs: this.#realtimePulseMs } : {}),
      });
      const done = { state: 'sent' as const, method, completedAt: this.#clock.now() };
      this.#log.update(record.id, done);
      this.#logger.info({ kickId: record.id, orderId: record.orderId, shiftId: record.shiftId, method }, 'cash drawer opened');
      return { ...record, ...done };
    } catch (error) {
      const failed = {
        state: 'failed' as const,
        error: error instanceof Error ? error.message : String(error),
        completedAt: this.#clock.now(),
      };
      this.#log.update(record.id, failed);
      this.#logger.warn({ kickId: record.id, orderId: record.orderId, err: failed.error }, 'cash drawer did not open');
      return { ...record, ...failed };
    }
  }
}
