import { z } from 'zod';

/** A peripheral as windows see it: pushed on every change, listed in diagnostics and settings. */
export const DeviceStatusView = z.object({
  id: z.string(),
  kind: z.enum(['printer', 'drawer', 'scanner', 'display']),
  name: z.string(),
  /** A simulated device: every screen that lists it must say so. */
  simulated: z.boolean(),
  connection: z.string(),
  state: z.enum(['stopped', 'connecting', 'ready', 'busy', 'paper-out', 'cover-open', 'error', 'offline', 'backoff']),
  since: z.number(),
  problem: z.object({ kind: z.string(), message: z.string(), fix: z.string().optional() }).optional(),
  paperNearEnd: z.boolean().optional(),
  sensor: z.enum(['open', 'closed', 'unknown']).optional(),
  printerId: z.string().optional(),
  reconnectAttempt: z.int().nonnegative(),
  nextRetryAt: z.number().optional(),
  actions: z.array(z.enum(['test-print', 'open-drawer', 'show-on-display', 'await-scan'])),
});
export type DeviceStatusView = z.infer<typeof DeviceStatusView>;

/** A print job without its bytes: states queued → sending → sent-unconfirmed → done | failed. */
export const PrintJobView = z.object({
  id: z.string(),
  kind: z.enum(['receipt', 'kitchen', 'test']),
  printerId: z.string(),
  route: z.string(),
  state: z.enum(['queued', 'sending', 'sent-unconfirmed', 'done', 'failed']),
  attempts: z.int().nonnegative(),
  reprintOf: z.string().nullable(),
  orderId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  doneAt: z.number().nullable(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

export const DrawerKickView = z.object({
  id: z.string(),
  drawerId: z.string(),
  orderId: z.string().nullable(),
  reason: z.string(),
  state: z.enum(['requested', 'sent', 'failed', 'unknown']),
  error: z.string().nullable(),
  requestedAt: z.number(),
});

export const DeviceTestView = z.object({ ok: z.boolean(), message: z.string(), jobId: z.string().optional() });

export const DiscoveredDeviceView = z.object({
  kind: z.enum(['serial-port', 'usb-printer']),
  label: z.string(),
  suggested: z.record(z.string(), z.unknown()),
});

const PrintedSpan = z.object({
  text: z.string(),
  bold: z.boolean(),
  underline: z.boolean(),
  reverse: z.boolean(),
  width: z.int().min(1).max(8),
  height: z.int().min(1).max(8),
});

/** One piece of decoded paper, as the virtual printer's decoder saw it in the ESC/POS bytes. */
export const PrintedBlockView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), align: z.enum(['left', 'center', 'right']), spans: z.array(PrintedSpan) }),
  z.object({ type: z.literal('qr'), symbol: z.string(), data: z.string() }),
  z.object({ type: z.literal('barcode'), symbology: z.string(), data: z.string() }),
  z.object({ type: z.literal('image'), widthDots: z.int().nonnegative(), heightDots: z.int().nonnegative() }),
  z.object({ type: z.literal('cut'), mode: z.enum(['full', 'partial']) }),
  z.object({ type: z.literal('drawerKick'), pin: z.union([z.literal(0), z.literal(1)]), onMs: z.number(), offMs: z.number() }),
]);
export type PrintedBlockView = z.infer<typeof PrintedBlockView>;

/** A receipt or ticket a simulated printer "printed": decoded back from the bytes the station sent. */
export const VirtualDocumentView = z.object({
  printerId: z.string(),
  printerName: z.string(),
  /** Position in that printer's memory, oldest 0: a stable key while the list only grows. */
  index: z.int().nonnegative(),
  printedAt: z.number(),
  bytes: z.int().nonnegative(),
  lines: z.array(z.string()),
  blocks: z.array(PrintedBlockView),
  /** Commands the decoder did not know: a non-empty list points at an encoder bug. */
  unknownCommands: z.array(z.string()),
});
export type VirtualDocumentView = z.infer<typeof VirtualDocumentView>;

/**
 * The devices section the station runs with, as validated at start (station.json, or the simulated
 * defaults when it has none). A section saved with `devices.setConfig` shows here after a restart.
 */
export const ActiveDevicesConfigView = z.object({
  config: z.record(z.string(), z.unknown()),
  /** True when no devices were configured and the station runs the simulated set. */
  usingDefaults: z.boolean(),
  /** A different devices section saved in the config file since start: in force after a restart. */
  pending: z.object({ config: z.record(z.string(), z.unknown()), path: z.string() }).optional(),
});
export type ActiveDevicesConfigView = z.infer<typeof ActiveDevicesConfigView>;

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
    profile: z
      .enum(['epson-tm-t88', 'epson-tm-t20', 'epson-legacy', 'star-escpos', 'generic-80', 'generic-58', 'simple'])
      .default('generic-80'),
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

/** The `devices` section of station.json (validated again by the core on start and on save). Defaults: a virtual printer with drawer, scanner and display. */
export const DevicesConfig = z
  .object({
    printers: z.array(Printer).min(1),
    routing: z.object({ receipt: Route, kitchen: z.record(z.string(), Route).optional(), kitchenDefault: Route.optional() }).strict(),
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

/** Defaults: a simulated receipt printer with drawer, scanner and customer display. */
export const SIMULATED_DEVICES: z.input<typeof DevicesConfig> = {
  printers: [
    { id: 'receipt', name: 'Receipt printer', transport: { kind: 'virtual' }, profile: 'epson-tm-t88', drawer: { id: 'drawer', pin: 2 } },
  ],
  routing: { receipt: { printer: 'receipt' }, kitchenDefault: { printer: 'receipt' } },
  scanners: [{ id: 'scanner', name: 'Barcode scanner', transport: { kind: 'virtual' } }],
  displays: [{ id: 'display', name: 'Customer display', transport: { kind: 'virtual' }, dialect: 'epson-dmd' }],
};

/** One reason an edited devices section is refused, at a path like `printers.1.transport.host`. */
export const DevicesConfigIssue = z.object({ path: z.string(), message: z.string() });
export type DevicesConfigIssue = z.infer<typeof DevicesConfigIssue>;

const pathText = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(devices)' : path.map(String).join('.'));

/**
 * Every reason `input` would be refused as the devices section: the schema's issues first, then what
 * the device manager refuses at start (an id used twice, a route naming a printer that does not exist).
 */
export function devicesConfigIssues(input: unknown): DevicesConfigIssue[] {
  const parsed = DevicesConfig.safeParse(input);
  if (!parsed.success) return parsed.error.issues.map((issue) => ({ path: pathText(issue.path), message: issue.message }));
  const config = parsed.data;
  const issues: DevicesConfigIssue[] = [];
  const owners = new Map<string, string>();
  const claim = (id: string, path: string): void => {
    const first = owners.get(id);
    if (first !== undefined) issues.push({ path, message: `device id "${id}" is already used at ${first}` });
    else owners.set(id, path);
  };
  config.printers.forEach((p, i) => {
    claim(p.id, `printers.${i}.id`);
    if (p.drawer) claim(p.drawer.id ?? `${p.id}:drawer`, `printers.${i}.drawer.id`);
  });
  config.scanners.forEach((s, i) => claim(s.id, `scanners.${i}.id`));
  config.displays.forEach((d, i) => claim(d.id, `displays.${i}.id`));
  const printerIds = new Set(config.printers.map((p) => p.id));
  const routes: [string, { printer: string; fallback?: string | undefined } | undefined][] = [
    ['routing.receipt', config.routing.receipt],
    ['routing.kitchenDefault', config.routing.kitchenDefault],
    ...Object.entries(config.routing.kitchen ?? {}).map(([station, route]): [string, typeof route] => [
      `routing.kitchen.${station}`,
      route,
    ]),
  ];
  for (const [path, route] of routes) {
    if (!route) continue;
    if (!printerIds.has(route.printer)) issues.push({ path: `${path}.printer`, message: `no printer "${route.printer}" is configured` });
    if (route.fallback !== undefined && !printerIds.has(route.fallback)) {
      issues.push({ path: `${path}.fallback`, message: `no printer "${route.fallback}" is configured` });
    }
  }
  return issues;
}

/** Where a saved devices section went and when it takes effect. */
export const SavedDevicesConfigView = z.object({
  /** The station's config file that now holds the section. */
  path: z.string(),
  /** Devices are rebuilt when the station starts: the running ones keep going until then. */
  applied: z.literal('on_restart'),
});
export type SavedDevicesConfigView = z.infer<typeof SavedDevicesConfigView>;
