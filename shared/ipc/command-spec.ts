import { z } from 'zod';

/**
 * Who a window is. The station core decides what each role may call. `diagnostics` is the station's
 * own maintenance screen (devices, sync, logs): its own token, so a station without a till (a kitchen
 * PC) can have it without handing out a cashier token that could take payments.
 */
export const WindowRole = z.enum(['cashier', 'kitchen', 'customer', 'diagnostics']);
export type WindowRole = z.infer<typeof WindowRole>;

export interface CommandSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
  roles: readonly WindowRole[];
}

export function command<A extends z.ZodType, R extends z.ZodType>(spec: CommandSpec<A, R>): CommandSpec<A, R> {
  return spec;
}
