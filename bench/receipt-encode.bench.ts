/**
 * Receipt encode/decode throughput: node-thermal-printer appends byte by byte (O(n²) concatenation),
 * so this catches a receipt getting slow enough to matter at the counter.
 * Run: npx tsx bench/receipt-encode.bench.ts — prints one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { decodeEscPos, encodeReceipt, testPageReceipt, type ReceiptDocument } from '../drivers/index.js';

const RECEIPTS = 2000;
const LINES = 30;
const WARMUP = 50;

const names = ['Crème brûlée', 'Espresso', 'Croque-monsieur', 'Salade niçoise', 'Café au lait', 'Pain au chocolat'];
const lines = Array.from({ length: LINES }, (_, i) => ({
  quantity: (i % 3) + 1,
  name: `${names[i % names.length] ?? 'Item'} ${i + 1}`,
  amountMinor: 150 + i * 35,
}));
const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
const doc: ReceiptDocument = testPageReceipt({ lines, totalMinor, tenderedMinor: totalMinor + 1000, changeMinor: 1000 });

function timeRuns(runs: number, run: () => void): number {
  const started = performance.now();
  for (let i = 0; i < runs; i++) run();
  return performance.now() - started;
}

let bytes = encodeReceipt(doc);
for (let i = 0; i < WARMUP; i++) decodeEscPos(encodeReceipt(doc));

const encodeMs = timeRuns(RECEIPTS, () => {
  bytes = encodeReceipt(doc);
});
let decodedLines = 0;
const decodeMs = timeRuns(RECEIPTS, () => {
  decodedLines = decodeEscPos(bytes).lines.length;
});
if (!decodeEscPos(bytes).lines.some((line) => line.startsWith('TOTAL')) || decodedLines < LINES) {
  throw new Error('benchmark receipt did not round-trip');
}

console.log(
  JSON.stringify({
    name: 'receipt-encode',
    receipts: RECEIPTS,
    encodePerSec: Math.round((RECEIPTS / encodeMs) * 1000),
    decodePerSec: Math.round((RECEIPTS / decodeMs) * 1000),
    bytesPerReceipt: bytes.length,
  }),
);
