import { z } from 'zod';
import { WindowRole } from '../../shared/ipc/command-spec.js';
import { ShellConfig } from './shell-config.js';

/**
 * The messages between the Electron main process and the station core's utility process. Both sides
 * parse what they receive: a message is a boundary even between two processes of one app.
 */
export const StartOptions = z
  .object({
    dataDir: z.string().min(1),
    configPath: z.string().min(1).optional(),
    rendererDir: z.string().min(1),
    role: z.enum(['counter', 'kitchen']).optional(),
    server: z
      .object({ url: z.string().min(1), token: z.string().min(16) })
      .strict()
      .optional(),
    /** `npm start` on a config without staff: the demo team signs in, as in browser mode. */
    demoStaff: z.boolean(),
  })
  .strict();
export type StartOptions = z.infer<typeof StartOptions>;

export const MainToCore = z.discriminatedUnion('t', [
  z.object({ t: z.literal('start'), options: StartOptions }).strict(),
  z
    .object({
      t: z.literal('call'),
      id: z.int().nonnegative(),
      role: WindowRole,
      command: z.string().max(100),
      args: z.unknown(),
      requestId: z.string().max(100),
    })
    .strict(),
  z.object({ t: z.literal('stop') }).strict(),
]);
export type MainToCore = z.infer<typeof MainToCore>;

export const CoreToMain = z.discriminatedUnion('t', [
  z
    .object({
      t: z.literal('ready'),
      stationId: z.string(),
      windows: z.array(WindowRole),
      /** The windows to open at start, in order. */
      open: z.array(WindowRole),
      shell: ShellConfig,
    })
    .strict(),
  z.object({ t: z.literal('failed'), message: z.string() }).strict(),
  z
    .object({
      t: z.literal('result'),
      id: z.int().nonnegative(),
      result: z.object({ ok: z.boolean() }).loose(),
    })
    .strict(),
  z.object({ t: z.literal('push'), name: z.string(), payload: z.unknown() }).strict(),
  z.object({ t: z.literal('stopped') }).strict(),
]);
export type CoreToMain = z.infer<typeof CoreToMain>;
