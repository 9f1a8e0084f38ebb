// Transports: byte pipes.
export {
  TransportError,
  describeCloseReason,
  isTransportError,
  type Transport,
  type TransportCloseKind,
  type TransportCloseReason,
} from './transport/transport.js';
export { SerialTransport, type SerialBinding, type SerialOpenOptions, type SerialTransportOptions } from './transport/serial-transport.js';
export { classifySerialError, permissionFix, permissionGroupFor } from './transport/serial-errors.js';
export { MemoryTransport, type MemoryTransportOptions } from './transport/memory-transport.js';

// Protocol: pure ESC/POS and scanner functions.
export type { ReceiptDocument, ReceiptLine } from './escpos/receipt-document.js';
export { DEFAULT_PRINTER_PROFILE, EPSON_42_COLUMNS, EPSON_48_COLUMNS, type PrinterProfile } from './escpos/printer-profile.js';
export { encodeReceipt, REPRINT_BANNER } from './escpos/receipt-encoder.js';
export { encodeDrawerKick } from './escpos/drawer-kick.js';
export { testPageReceipt } from './escpos/test-receipt.js';
export { decodeEscPos, type DecodedDrawerKick, type DecodedEscPos } from './escpos/escpos-decoder.js';
export { scanCommand, hex, type EscPosCommand, type ScanResult, type SymbolKind } from './escpos/escpos-commands.js';
export { KNOWN_CODE_PAGES, codePageForEscT, type CodePage } from './escpos/code-pages.js';
export { READY_CONDITION, realtimeStatusByte, type PrinterCondition } from './escpos/realtime-status.js';
export { sanitizeReceiptText } from './escpos/text-layout.js';
export { ScanFramer, type FramerOutput, type ScanFramerOptions } from './scanner/scan-framer.js';
export { stripAimIdentifier } from './scanner/aim.js';

// Devices.
export {
  ReceiptPrinter,
  PrintError,
  type PrintOptions,
  type PrintPhase,
  type PrintResult,
  type ReceiptPrinterOptions,
} from './devices/receipt-printer.js';
export { VirtualReceiptPrinter, type VirtualPrintedDocument, type VirtualReceiptPrinterOptions } from './devices/virtual-printer.js';
export { SerialBarcodeScanner, type ScanEvent, type SerialBarcodeScannerOptions } from './devices/barcode-scanner.js';
