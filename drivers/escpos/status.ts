/**
 * ESC/POS printer status: real-time replies to DLE EOT 1–4 and Automatic Status Back frames, decoded
 * bit by bit (Epson, Bixolon, Citizen and HPRT agree on these), then folded into one typed status.
 */

/** DLE EOT 1: printer status. */
export interface PrinterStatusBits {
  n: 1;
  /** Drawer kick-out connector pin 3: the drawer sensor; which level means "open" depends on the drawer. */
  drawerPinHigh: boolean;
  offline: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}

/** DLE EOT 2: why the printer is offline. */
export interface OfflineCauseBits {
  n: 2;
  coverOpen: boolean;
  feedingByButton: boolean;
  paperEndStop: boolean;
  errorOccurred: boolean;
}

/** DLE EOT 3: which error. */
export interface ErrorCauseBits {
  n: 3;
  mechanicalError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

/** DLE EOT 4: roll paper sensor. */
export interface PaperSensorBits {
  n: 4;
  nearEnd: boolean;
  paperEnd: boolean;
}

export type RealtimeStatus = PrinterStatusBits | OfflineCauseBits | ErrorCauseBits | PaperSensorBits;

/** Bits 0 and 7 are fixed 0, bits 1 and 4 fixed 1 in every real-time reply: `0xx1xx10`. */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

const bit = (byte: number, n: number): boolean => (byte & (1 << n)) !== 0;

/** Decodes the reply to `DLE EOT n`; undefined if the byte cannot be a real-time reply. */
export function parseRealtimeStatus(n: 1 | 2 | 3 | 4, byte: number): RealtimeStatus | undefined {
  if (!isRealtimeStatusByte(byte)) return undefined;
  switch (n) {
    case 1:
      return {
        n,
        drawerPinHigh: bit(byte, 2),
        offline: bit(byte, 3),
        waitingForOnlineRecovery: bit(byte, 5),
        feedButtonPressed: bit(byte, 6),
      };
    case 2:
      return { n, coverOpen: bit(byte, 2), feedingByButton: bit(byte, 3), paperEndStop: bit(byte, 5), errorOccurred: bit(byte, 6) };
    case 3:
      return {
        n,
        mechanicalError: bit(byte, 2),
        autocutterError: bit(byte, 3),
        unrecoverableError: bit(byte, 5),
        autoRecoverableError: bit(byte, 6),
      };
    case 4:
      // Bits 2-3 both report near end and bits 5-6 both report paper end; either bit is enough.
      return { n, nearEnd: (byte & 0x0c) !== 0, paperEnd: (byte & 0x60) !== 0 };
  }
}

/** An Automatic Status Back frame (4 bytes, sent on every change once GS a enables it). */
export interface AsbStatus {
  drawerPinHigh: boolean;
  offline: boolean;
  coverOpen: boolean;
  feedButtonPressed: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonError: boolean;
  mechanicalError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  paperNearEnd: boolean;
  paperEnd: boolean;
}

/** First byte `0xx1xx00`, then three bytes `0xx0xxxx`. */
export function isAsbFrame(frame: ArrayLike<number>): boolean {
  if (frame.length !== 4) return false;
  if (((frame[0] ?? 0) & 0x93) !== 0x10) return false;
  for (let i = 1; i < 4; i++) if (((frame[i] ?? 0) & 0x90) !== 0) return false;
  return true;
}

export function parseAsb(frame: ArrayLike<number>): AsbStatus | undefined {
  if (!isAsbFrame(frame)) return undefined;
  const [b1 = 0, b2 = 0, b3 = 0] = [frame[0], frame[1], frame[2]];
  return {
    drawerPinHigh: bit(b1, 2),
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feedButtonPressed: bit(b1, 6),
    waitingForOnlineRecovery: bit(b2, 0),
    feedButtonError: bit(b2, 1),
    mechanicalError: bit(b2, 2),
    autocutterError: bit(b2, 3),
    unrecoverableError: bit(b2, 5),
    autoRecoverableError: bit(b2, 6),
    paperNearEnd: (b3 & 0x03) !== 0,
    paperEnd: (b3 & 0x0c) !== 0,
  };
}

/** `GS r 1` reply: bits 0–1 near end, bits 2–3 paper end; bits 4 and 7 are always 0. */
export function parsePaperStatusReply(byte: number): { nearEnd: boolean; paperEnd: boolean } | undefined {
  if ((byte & 0x90) !== 0) return undefined;
  return { nearEnd: (byte & 0x03) !== 0, paperEnd: (byte & 0x0c) !== 0 };
}

export type PrinterError = 'none' | 'autocutter' | 'mechanical' | 'unrecoverable' | 'auto-recoverable';

/** Everything the device layer needs to decide what the printer can do now. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paper: 'ok' | 'near-end' | 'out';
  error: PrinterError;
  drawerPinHigh: boolean;
}

function errorFrom(bits: {
  autocutterError: boolean;
  mechanicalError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}): PrinterError {
  if (bits.unrecoverableError) return 'unrecoverable';
  if (bits.autocutterError) return 'autocutter';
  if (bits.mechanicalError) return 'mechanical';
  if (bits.autoRecoverableError) return 'auto-recoverable';
  return 'none';
}

/** Folds the replies to DLE EOT 1, 2, 4 (and 3 when 2 reported an error) into one status. */
export function statusFromRealtime(s1: PrinterStatusBits, s2: OfflineCauseBits, s4: PaperSensorBits, s3?: ErrorCauseBits): PrinterStatus {
  const paperOut = s4.paperEnd || s2.paperEndStop;
  return {
    online: !s1.offline,
    coverOpen: s2.coverOpen,
    paper: paperOut ? 'out' : s4.nearEnd ? 'near-end' : 'ok',
    error: s3 ? errorFrom(s3) : s2.errorOccurred ? 'mechanical' : 'none',
    drawerPinHigh: s1.drawerPinHigh,
  };
}

export function statusFromAsb(asb: AsbStatus): PrinterStatus {
  return {
    online: !asb.offline,
    coverOpen: asb.coverOpen,
    paper: asb.paperEnd ? 'out' : asb.paperNearEnd ? 'near-end' : 'ok',
    error: errorFrom(asb),
    drawerPinHigh: asb.drawerPinHigh,
  };
}

/** What the printer can do, most urgent first: a cover left open also stops a printer with no paper. */
export type PrinterReadiness = 'ready' | 'cover-open' | 'paper-out' | 'error' | 'offline';

export function readinessOf(status: PrinterStatus): PrinterReadiness {
  if (status.coverOpen) return 'cover-open';
  if (status.paper === 'out') return 'paper-out';
  if (status.error !== 'none') return 'error';
  if (!status.online) return 'offline';
  return 'ready';
}

export type DrawerPolarity = 'open-when-high' | 'open-when-low';

/** Drawers differ: some pull pin 3 high when open, others low (receiptio's drawer/drawer2). */
export function drawerState(pinHigh: boolean, polarity: DrawerPolarity): 'open' | 'closed' {
  return pinHigh === (polarity === 'open-when-high') ? 'open' : 'closed';
}
