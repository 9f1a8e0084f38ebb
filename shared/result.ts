/** The only shape that crosses a process boundary: errors are values, never thrown. */
export type Ok<T> = { ok: true; value: T };
export type Err<E = AppError> = { ok: false; error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

export interface AppError {
  code: string;
  message: string;
}

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: string, message: string): Err<AppError> => ({ ok: false, error: { code, message } });
