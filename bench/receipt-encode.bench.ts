/**
 * Receipt encoding time: node-thermal-printer appends byte by byte (O(n²) concatenation), so this
 * catches a 30-line receipt getting slow enough to matter at the counter (target: median ≤ 1 ms).
 * Run: npx tsx bench/receipt-encode.bench.ts — prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { decodeEscPos } from '../drivers/escpos/escpos-decoder.js';
import { encodeKitchenTicket } from '../drivers/escpos/kitchen-encoder.js';
import type { KitchenTicketDocument } from '../drivers/escpos/kitchen-ticket.js';
import { PRINTER_PROFILES } from '../drivers/escpos/printer-profile.js';
import type { ReceiptDocument } from '../drivers/escpos/receipt-document.js';
import { encodeReceipt } from '../drivers/escpos/receipt-encoder.js';
import { testPageReceipt } from '../drivers/escpos/test-receipt.js';

const RUNS = 2000;
const LINES = 30;
const WARMUP = 200;
const TARGET_MEDIAN_MS = 1;

const names = ['Crème brûlée', 'Espresso', 'Croque-monsieur', 'Salade niçoise', 'Café au lait', 'Pain au chocolat'];
const lines = Array.from({ length: LINES }, (_, i) => ({
  quantity: (i % 3) + 1,
  name: `${names[i % names.length] ?? 'Item'} ${i + 1}`,
  amountMinor: 150 + i * 35,
}));
const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
const drinks = totalMinor - 2200;
// A receipt as the counter prints one now: a tip, a card and a cash tender, the VAT table per rate.
const doc: ReceiptDocument = testPageReceipt({
  lines,
  totalMinor,
  tipMinor: 200,
  tenders: [
    { label: 'Card', amountMinor: 1200, details: ['VISA **** 4242', 'Auth code 100001'] },
    { label: 'Cash', amountMinor: totalMinor },
  ],
  // The card paid 10.00 and the tip; cash the rest, handed over 10.00 too much.
  changeMinor: 1000,
  taxSummary: {
    heading: 'VAT',
    rows: [
      { rate: '10%', netMinor: 2000, taxMinor: 200, grossMinor: 2200 },
      { rate: '20%', netMinor: drinks - Math.round(drinks / 6), taxMinor: Math.round(drinks / 6), grossMinor: drinks },
    ],
  },
});
const ticket: KitchenTicketDocument = {
  kind: 'kitchen',
  ticketNumber: '142',
  orderType: 'Dine in',
  station: 'Grill',
  timestamp: '2025-03-14 12:31',
  table: '12',
  items: lines.slice(0, 12).map((l, i) => ({
    quantity: l.quantity,
    name: l.name,
    modifiers: i % 2 ? ['no onions'] : [],
    ...(i % 4 === 0 ? { note: 'allergy: nuts' } : {}),
  })),
};
const profile = PRINTER_PROFILES['epson-tm-t88'];

function sample(runs: number, run: () => void): { medianMs: number; p95Ms: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (p: number): number => Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(4));
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

let bytes = encodeReceipt(doc, profile);
for (let i = 0; i < WARMUP; i++) decodeEscPos(encodeReceipt(doc, profile));
const encode = sample(RUNS, () => {
  bytes = encodeReceipt(doc, profile);
});
const decode = sample(RUNS, () => decodeEscPos(bytes));
const kitchen = sample(RUNS, () => encodeKitchenTicket(ticket, profile));
const decoded = decodeEscPos(bytes);
if (!decoded.lines.some((line) => line.startsWith('TOTAL')) || decoded.lines.length < LINES)
  throw new Error('benchmark receipt did not round-trip');

console.log(
  JSON.stringify({
    name: 'receipt-encode',
    lines: LINES,
    runs: RUNS,
    bytesPerReceipt: bytes.length,
    encodeMedianMs: encode.medianMs,
    encodeP95Ms: encode.p95Ms,
    targetMedianMs: TARGET_MEDIAN_MS,
    withinTarget: encode.medianMs <= TARGET_MEDIAN_MS,
    decodeMedianMs: decode.medianMs,
    kitchenTicketEncodeMedianMs: kitchen.medianMs,
  }),
);
