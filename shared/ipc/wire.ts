import { z } from 'zod';
import { IpcError, WindowRole } from './contract.js';

/** WebSocket frames between a browser window and the station core. Every frame is JSON. */
export const MAX_FRAME_BYTES = 64 * 1024;

export const ClientFrame = z.discriminatedUnion('t', [
  /** First frame on a connection; nothing else is accepted before it. */
  z.object({ t: z.literal('auth'), token: z.string().min(16).max(256) }),
  z.object({ t: z.literal('req'), id: z.string().min(1).max(64), cmd: z.string().min(1).max(64), args: z.unknown() }),
  z.object({ t: z.literal('ping'), id: z.string().max(64) }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('welcome'), role: WindowRole, stationId: z.string() }),
  z.object({
    t: z.literal('res'),
    id: z.string(),
    result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: IpcError })]),
  }),
  z.object({ t: z.literal('evt'), name: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('pong'), id: z.string() }),
  /** Sent before the core closes a connection for a protocol error. */
  z.object({ t: z.literal('error'), error: IpcError }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Close codes in the private range so the window can tell "bad token" from a network drop. */
export const CloseCode = {
  unauthorized: 4401,
  protocolError: 4400,
  tooLarge: 4413,
  /** The station's window connection cap is reached: the window retries later (diagnostics shows the count). */
  tooManyConnections: 4429,
  shuttingDown: 4503,
} as const;
