import type { ErrorCode, IpcError } from '../../../shared/ipc/contract.js';

export type ServiceResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export type Refusal = { ok: false; error: IpcError };

export const fail = (code: ErrorCode, message: string): Refusal => ({ ok: false, error: { code, message } });
