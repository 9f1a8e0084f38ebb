import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { DeviceSettings } from '../../../drivers/manager/device-settings.js';

const DeviceId = z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,39}$/, 'device id: lowercase letters, digits, :, _ and -');
const UsbId = z.union([
  z.int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{4}$/, 'USB id: four hex digits like 04b8')
    .transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
]);

const Virtual = z.object({ kind: z.literal('virtual') }).strict();
const Serial = z
  .object({
    kind: z.literal('serial'),
    path: z.string().min(1).max(256),
    baudRate: z.int().positive(),
    dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
    stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
    parity: z.enum(['none', 'even', 'odd']).optional(),
    rtscts: z.boolean().optional(),
  })
  .strict();
const Link = z.discriminatedUnion('kind', [
  Virtual,
  Serial,
  z.object({ kind: z.literal('usb'), vendorId: UsbId, productId: UsbId, serialNumber: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().min(1),
      port: z.int().min(1).max(65535).default(9100),
      connectTimeoutMs: z.int().positive().optional(),
      writeTimeoutMs: z.int().positive().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('lp'), path: z.string().startsWith('/') }).strict(),
]);
const Route = z.object({ printer: DeviceId, fallback: DeviceId.optional() }).strict();

const Printer = z
  .object({
    id: DeviceId,
    name: z.string().max(60).optional(),
    transport: Link,
    profile: z.enum(['epson-tm-t88', 'epson-tm-t20', 'epson-legacy', 'star-escpos', 'generic-80', 'generic-58', 'simple']).default('generic-80'),
    columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).optional(),
    /** A PNG printed at the top of receipts. */
    logoFile: z.string().optional(),
    drawer: z
      .object({
        id: DeviceId.optional(),
        pin: z.union([z.literal(2), z.literal(5)]).default(2),
        onMs: z.int().min(2).max(510).optional(),
        offMs: z.int().min(2).max(510).optional(),
        realtimePulseMs: z.int().min(100).max(800).optional(),
        sensor: z.enum(['open-when-high', 'open-when-low']).default('open-when-high'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** The `devices` section of station.json. Defaults: a virtual printer with drawer, scanner and display. */
export const DevicesConfig = z
  .object({
    printers: z.array(Printer).min(1),
    routing: z
      .object({ receipt: Route, kitchen: z.record(z.string(), Route).optional(), kitchenDefault: Route.optional() })
      .strict(),
    scanners: z
      .array(
        z
          .object({
            id: DeviceId,
            name: z.string().optional(),
            transport: z.discriminatedUnion('kind', [Virtual, Serial]),
            suffix: z.enum(['cr', 'lf', 'crlf', 'tab']).default('crlf'),
          })
          .strict(),
      )
      .default([]),
    displays: z
      .array(
        z
          .object({
            id: DeviceId,
            name: z.string().optional(),
            transport: z.discriminatedUnion('kind', [Virtual, Serial]),
            dialect: z.enum(['epson-dmd', 'cd5220']),
            encoding: z.string().default('cp437'),
            codeTable: z.int().min(0).max(255).optional(),
            brightness: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
          })
          .strict(),
      )
      .default([]),
    heartbeatMs: z.int().min(500).optional(),
    fallbackAfterMs: z.int().min(1000).optional(),
    hotplugPollMs: z.int().min(500).optional(),
  })
  .strict();
export type DevicesConfig = z.output<typeof DevicesConfig>;
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

export const VIRTUAL_DEVICES: DevicesConfigInput = {
  printers: [{ id: 'receipt', name: 'Receipt printer', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } }],
  routing: { receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } },
  scanners: [{ id: 'scanner', name: 'Barcode scanner', transport: { kind: 'virtual' } }],
  displays: [{ id: 'display', name: 'Customer display', transport: { kind: 'virtual' }, dialect: 'epson-dmd' }],
};

/** Turns validated config into driver settings, reading logo files now so a missing one fails at start. */
export function toDeviceSettings(config: DevicesConfig, readFile: (path: string) => Uint8Array = readFileSync): DeviceSettings {
  return {
    printers: config.printers.map(({ logoFile, ...printer }) => ({
      ...printer,
      ...(logoFile ? { logoPng: readFile(logoFile) } : {}),
    })),
    routing: config.routing,
    scanners: config.scanners,
    displays: config.displays,
    ...(config.heartbeatMs ? { heartbeatMs: config.heartbeatMs } : {}),
    ...(config.fallbackAfterMs ? { fallbackAfterMs: config.fallbackAfterMs } : {}),
    ...(config.hotplugPollMs ? { hotplugPollMs: config.hotplugPollMs } : {}),
  };
}

/** The devices section as the diagnostics window shows it, and whether it is the simulated default set. */
export function activeDevicesConfig(config: DevicesConfig): { config: Record<string, unknown>; usingDefaults: boolean } {
  const plain = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  return { config: plain, usingDefaults: JSON.stringify(config) === JSON.stringify(DevicesConfig.parse(VIRTUAL_DEVICES)) };
}
