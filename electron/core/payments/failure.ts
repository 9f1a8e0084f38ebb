import type { IpcError } from '../../../shared/ipc/contract.js';
import type { Err } from '../../../shared/result.js';

/** A command refused before anything was written or sent to the terminal. */
export const fail = (code: IpcError['code'], message: string): Err<IpcError> => ({ ok: false, error: { code, message } });

/** Event reasons are at most 200 characters. */
export function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}...` : text || 'unknown';
}

export function errorText(error: unknown): string {
  return clip(error instanceof Error ? error.message : String(error));
}
