import type { StationBridge, WindowRole } from '../../../shared/ipc/contract.js';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'unauthorized';

/** Why a window is unauthorized: no token at all reads differently to the cashier than a rejected one. */
export type UnauthorizedReason = 'missing_token' | 'rejected';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Known once the station core has welcomed this window; null under Electron, which has no handshake. */
  stationId: string | null;
  role: WindowRole | null;
  reason: UnauthorizedReason | null;
}

export const initialConnection: ConnectionState = { status: 'connecting', stationId: null, role: null, reason: null };

/** A bridge plus what the app shell needs to manage it; renderer code below the shell sees only StationBridge. */
export interface ManagedBridge extends StationBridge {
  /** Calls the listener with the current state at once, then on every change. */
  onConnection: (listener: (state: ConnectionState) => void) => () => void;
  dispose: () => void;
  /**
   * When the station core was last heard from (any frame, pongs included), in ms since the epoch; null
   * before the first frame. Transports without a link to watch (Electron IPC) leave it out.
   */
  lastActivityAt?: () => number | null;
}

export const CONNECTION_LOST = 'Lost the connection to the station';
export const NOT_CONNECTED = 'Not connected to the station';
export const TOKEN_REJECTED = "This window's access token was rejected";
export const TOKEN_MISSING = 'This window was opened without an access token';
