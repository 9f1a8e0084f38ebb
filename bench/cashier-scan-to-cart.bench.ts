/**
 * Scan to cart: a serial barcode scanner sends its bytes (a mock port on @serialport/binding-mock)
 * → the station core decodes the scan, pushes `scanner.scanned` → the cashier window (real renderer in
 * Chromium, over the WebSocket) sends order.addBarcode → the core commits → the new line is in the
 * cart's DOM. Times are taken on one clock: both processes' `performance.timeOrigin + now()`.
 * Every 10 scans the order is parked (Alt+N) so the cart stays the size of a real order. The core's
 * `order.changed` push splits the time into scan → commit (scanner, window round trip, SQLite) and the
 * rest (push to the window, React render).
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { parseStationConfig } from '../electron/core/config.js';
import { startStation } from '../electron/core/station.js';
import { MockBinding } from '../drivers/testing/mock-serial.js';
import { simulatedSerialBus } from '../drivers/testing/printer-simulator.js';
import { EscPosPrinterModel } from '../drivers/virtual/escpos-printer-model.js';
import { SIGN_IN_DISABLED } from '../electron/core/staff/staff-config.js';

/** Benchmarks measure the till without sign-in, turned off in the words a real config must use. */
const BENCH_STAFF = { signIn: SIGN_IN_DISABLED } as const;

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WARMUP = 10;
const PER_ORDER = 10;
const CROISSANT = '4006381333931';
const SCANNER = '/dev/ttyMOCK-BENCH-SCANNER';
const PRINTER = '/dev/ttyMOCK-BENCH-PRINTER';
const pct = (sorted: number[], p: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
const now = () => performance.timeOrigin + performance.now();
/** The bundle the e2e specs serve (`E2E_RENDERER_DIR` to use another build), built here when missing. */
const rendererDir = process.env.E2E_RENDERER_DIR
  ? resolve(process.env.E2E_RENDERER_DIR)
  : resolve(import.meta.dirname, '..', 'dist', 'renderer');

if (!existsSync(join(rendererDir, 'index.html'))) {
  await build({
    configFile: resolve(import.meta.dirname, '..', 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: rendererDir, emptyOutDir: true },
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'));
// The scanner is a mock serial port the bench writes to; the printer port answers status queries like a real one.
MockBinding.createPort(SCANNER, { echo: false, record: false });
MockBinding.createPort(PRINTER, { echo: false, record: false });
const bus = simulatedSerialBus(MockBinding, { [PRINTER]: new EscPosPrinterModel() });
bus.present.add(SCANNER);
bus.present.add(PRINTER);
function scan(code: string): void {
  const port = bus.port(SCANNER);
  if (!port) throw new Error(`the station has not opened ${SCANNER}`);
  port.emitData(Buffer.from(`${code}\r\n`, 'ascii'));
}
const station = await startStation({
  staff: BENCH_STAFF,
  config: parseStationConfig(
    {
      stationId: 'bench-counter',
      http: { host: '127.0.0.1', port: 0 },
      devices: {
        printers: [{ id: 'receipt', transport: { kind: 'serial', path: PRINTER, baudRate: 38400 }, profile: 'epson-tm-t88' }],
        routing: { receipt: { printer: 'receipt' } },
        scanners: [{ id: 'scanner', transport: { kind: 'serial', path: SCANNER, baudRate: 9600 } }],
      },
    },
    'bench',
  ),
  dataDir: join(dir, 'station'),
  rendererDir,
  serialBinding: bus.binding,
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});

try {
  const page = await browser.newPage();
  await page.goto(station.windowUrl('cashier'));
  await page.getByRole('button', { name: /^Croissant/ }).waitFor();
  const latencies: number[] = [];
  // Where the time goes: the core's order.changed push marks the commit of the scanned line.
  const commits: number[] = [];
  let committedAt = 0;
  const stopListening = station.onPush((name) => {
    if (name === 'order.changed' && committedAt === 0) committedAt = now();
  });
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const expected = (i % PER_ORDER) + 1;
    // Armed before the scan: resolves with the time the cart first holds the expected number of lines.
    // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
    await page.evaluate(`window.lineSeen = new Promise((done) => {
      const observer = new MutationObserver(() => {
        if (document.querySelectorAll('[aria-label="Cart"] > li').length >= ${expected}) {
          observer.disconnect();
          done(performance.timeOrigin + performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    }); undefined`); // undefined: evaluate would otherwise wait for the promise it just created
    committedAt = 0;
    const scannedAt = now();
    scan(CROISSANT);
    const seenAt = await page.evaluate<number>('window.lineSeen');
    if (i >= WARMUP) {
      latencies.push(seenAt - scannedAt);
      commits.push(committedAt - scannedAt);
    }
    if (expected === PER_ORDER) {
      await page.keyboard.press('Alt+n');
      await page.getByRole('heading', { name: 'New order' }).waitFor();
    }
  }
  stopListening();
  latencies.sort((a, b) => a - b);
  commits.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      name: 'cashier-scan-to-cart',
      samples: SAMPLES,
      scanToCartP50Ms: pct(latencies, 50),
      scanToCartP99Ms: pct(latencies, 99),
      maxMs: Number(latencies.at(-1)!.toFixed(3)),
      scanToCommitP50Ms: pct(commits, 50),
      scanToCommitP99Ms: pct(commits, 99),
      targetP99Ms: 30,
    }),
  );
} finally {
  await browser.close();
  await station.stop();
  MockBinding.reset();
  rmSync(dir, { recursive: true, force: true });
}
