import type { ErrorCode, IpcError } from '../../../shared/ipc/contract.js';
import type { Err, Result } from '../../../shared/result.js';

/** What a core command answers: the shared Result, refused with an error the windows understand. */
export type ServiceResult<T> = Result<T, IpcError>;
export type Refusal = Err<IpcError>;

export const fail = (code: ErrorCode, message: string): Refusal => ({ ok: false, error: { code, message } });

/** A window asked about an order this station does not hold (closed and compacted, or never synced here); the id means nothing to staff. */
export const NO_SUCH_ORDER = 'That order is not on this station any more: reload open orders';
