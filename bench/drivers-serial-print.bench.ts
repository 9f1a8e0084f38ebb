/**
 * Time to print a 2 KB receipt over a 115,200-baud serial link, from "encode" to the printer's job-done
 * reply, against the link's theoretical byte time (10 bits per byte at 8N1; target ≤ 1.1×).
 *
 * The link is a socat pty pair driven by the real serialport binding. A pty moves bytes as fast as the
 * kernel can, whatever its baud setting, so the simulated printer on the far end takes each chunk only
 * when a 115,200-baud UART would have finished shifting it in (and paces its reply the same way). The
 * unpaced figure is the same path with no link emulation: the driver stack's own overhead.
 * Run: npx tsx bench/drivers-serial-print.bench.ts — prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { PrinterDevice } from '../drivers/devices/printer-device.js';
import { PRINTER_PROFILES } from '../drivers/escpos/printer-profile.js';
import type { ReceiptDocument } from '../drivers/escpos/receipt-document.js';
import { encodeReceipt } from '../drivers/escpos/receipt-encoder.js';
import { testPageReceipt } from '../drivers/escpos/test-receipt.js';
import { SerialTransport } from '../drivers/transport/serial-transport.js';
import { EscPosPrinterModel } from '../drivers/virtual/escpos-printer-model.js';
import { hasSocat, startPtyPair } from '../drivers/testing/socat.js';

const BAUD = 115_200;
const BITS_PER_BYTE = 10;
const TARGET_BYTES = 2048;
const RUNS = 7;
const TARGET_RATIO = 1.1;

function receiptOfAbout(bytes: number): ReceiptDocument {
  const profile = PRINTER_PROFILES['epson-tm-t88'];
  for (let lines = 10; ; lines++) {
    const items = Array.from({ length: lines }, (_, i) => ({ quantity: 1, name: `Item number ${i + 1}`, amountMinor: 100 + i }));
    const {
      tenderedMinor: _tendered,
      changeMinor: _change,
      ...doc
    } = testPageReceipt({ lines: items, totalMinor: items.reduce((s, l) => s + l.amountMinor, 0) });
    if (encodeReceipt(doc, profile).length >= bytes) return doc;
  }
}

/** Delivers each chunk when a UART at `baud` would have finished receiving it. */
function pacedLink(baud: number | undefined, deliver: (chunk: Uint8Array) => void): (chunk: Uint8Array) => void {
  if (baud === undefined) return deliver;
  const byteMs = (BITS_PER_BYTE / baud) * 1000;
  let lineFreeAt = 0;
  return (chunk) => {
    const now = performance.now();
    lineFreeAt = Math.max(now, lineFreeAt) + chunk.length * byteMs;
    setTimeout(() => deliver(chunk), Math.max(0, lineFreeAt - performance.now()));
  };
}

async function measure(paced: boolean): Promise<{ medianMs: number; sentBytes: number; receiptBytes: number; replyBytes: number }> {
  const pty = await startPtyPair(BAUD);
  const model = new EscPosPrinterModel();
  const devicePort = new SerialPort({ path: pty.device, baudRate: BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => devicePort.open((error) => (error ? reject(error) : resolve())));
  let sentBytes = 0;
  let replyBytes = 0;
  const toModel = pacedLink(paced ? BAUD : undefined, (chunk) => model.receive(chunk));
  devicePort.on('data', (chunk: Buffer) => {
    sentBytes += chunk.length;
    toModel(Uint8Array.from(chunk));
  });
  const toHost = pacedLink(paced ? BAUD : undefined, (chunk) => {
    if (devicePort.isOpen) devicePort.write(Buffer.from(chunk));
  });
  model.onReply((bytes) => {
    replyBytes += bytes.length;
    toHost(bytes);
  });

  const transport = new SerialTransport({ path: pty.host, baudRate: BAUD });
  // No heartbeats during the measurement: only the job and its marker cross the link.
  const device = new PrinterDevice({
    id: 'bench',
    transport,
    profile: PRINTER_PROFILES['epson-tm-t88'],
    heartbeatMs: 3_600_000,
    statusTimeoutMs: 2_000,
  });
  device.start();
  await device.whenState((s) => s === 'ready');
  const doc = receiptOfAbout(TARGET_BYTES);
  const times: number[] = [];
  let receiptBytes = 0;
  let perJobSent = 0;
  let perJobReply = 0;
  for (let run = 0; run < RUNS; run++) {
    const sentBefore = sentBytes;
    const replyBefore = replyBytes;
    const started = performance.now();
    const bytes = encodeReceipt(doc, PRINTER_PROFILES['epson-tm-t88']);
    const outcome = await device.send(bytes);
    const elapsed = performance.now() - started;
    if (outcome.kind !== 'confirmed') throw new Error(`job not confirmed: ${JSON.stringify(outcome)}`);
    times.push(elapsed);
    receiptBytes = bytes.length;
    perJobSent = sentBytes - sentBefore;
    perJobReply = replyBytes - replyBefore;
  }
  await device.stop();
  await new Promise<void>((resolve) => devicePort.close(() => resolve()));
  await pty.close();
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN, sentBytes: perJobSent, receiptBytes, replyBytes: perJobReply };
}

if (!hasSocat()) {
  console.log(JSON.stringify({ name: 'drivers-serial-print', skipped: 'socat is not installed' }));
} else {
  const paced = await measure(true);
  const unpaced = await measure(false);
  const theoreticalMs = ((paced.sentBytes + paced.replyBytes) * BITS_PER_BYTE * 1000) / BAUD;
  const ratio = paced.medianMs / theoreticalMs;
  console.log(
    JSON.stringify({
      name: 'drivers-serial-print',
      baudRate: BAUD,
      receiptBytes: paced.receiptBytes,
      bytesOnWire: paced.sentBytes + paced.replyBytes,
      theoreticalMs: Number(theoreticalMs.toFixed(2)),
      medianMs: Number(paced.medianMs.toFixed(2)),
      ratio: Number(ratio.toFixed(3)),
      targetRatio: TARGET_RATIO,
      withinTarget: ratio <= TARGET_RATIO,
      unpacedMedianMs: Number(unpaced.medianMs.toFixed(2)),
      runs: RUNS,
      link: 'socat pty pair, real serialport binding; far end paced to 115200 8N1 (ptys do not enforce baud)',
    }),
  );
}
