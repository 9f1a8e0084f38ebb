import type { ErrorCode, IpcError } from '../../../shared/ipc/contract.js';
import type { Err, Result } from '../../../shared/result.js';

/** What a core command answers: the shared Result, refused with an error the windows understand. */
export type ServiceResult<T> = Result<T, IpcError>;
export type Refusal = Err<IpcError>;

export const fail = (code: ErrorCode, message: string): Refusal => ({ ok: false, error: { code, message } });
