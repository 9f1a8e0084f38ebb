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
export { TcpTransport, type TcpTransportOptions } from './transport/tcp-transport.js';
export { UsbPrinterTransport, type UsbPrinterTransportOptions } from './transport/usb-printer-transport.js';
export { loadUsbApi, type UsbApi, type UsbDeviceLike } from './transport/usb-api.js';
export { CharacterDeviceTransport, type CharacterDeviceTransportOptions } from './transport/character-device-transport.js';

// Protocol: pure ESC/POS, display and scanner functions.
export type { ReceiptDocument, ReceiptLine } from './escpos/receipt-document.js';
export type { KitchenTicketDocument, KitchenTicketItem } from './escpos/kitchen-ticket.js';
export { kitchenTicketsByStation, type KitchenOrder } from './escpos/kitchen-split.js';
export {
  DEFAULT_PRINTER_PROFILE,
  EPSON_42_COLUMNS,
  EPSON_48_COLUMNS,
  PRINTER_PROFILES,
  isPrinterProfileId,
  printerProfile,
  withColumns,
  type PrinterFeatures,
  type PrinterProfile,
  type PrinterProfileId,
} from './escpos/printer-profile.js';
export { encodeReceipt, REPRINT_BANNER, type ReceiptEncodeOptions } from './escpos/receipt-encoder.js';
export { encodeKitchenTicket } from './escpos/kitchen-encoder.js';
export { encodeQr, encodeBarcode, CodeDataError, type BarcodeSymbology, type QrOptions, type BarcodeOptions } from './escpos/escpos-codes.js';
export { encodeRasterImage, monochromeFromPng, monochromeFromRgba, ImageError, type MonochromeImage } from './escpos/raster-image.js';
export { encodeDrawerKick, encodeRealtimeDrawerKick, type DrawerConnectorPin } from './escpos/drawer-kick.js';
export { testPageReceipt } from './escpos/test-receipt.js';
export { decodeEscPos, type DecodedDrawerKick, type DecodedEscPos, type PrintedBlock, type TextSpan } from './escpos/escpos-decoder.js';
export { renderReceiptHtml } from './escpos/receipt-html.js';
export { scanCommand, hex, type EscPosCommand, type ScanResult, type SymbolKind } from './escpos/escpos-commands.js';
export { KNOWN_CODE_PAGES, codePageForEscT, type CodePage } from './escpos/code-pages.js';
export { READY_CONDITION, realtimeStatusByte, asbFrame, type PrinterCondition } from './escpos/realtime-status.js';
export {
  parseRealtimeStatus,
  parseAsb,
  parsePaperStatusReply,
  statusFromRealtime,
  statusFromAsb,
  readinessOf,
  drawerState,
  type PrinterStatus,
  type PrinterReadiness,
  type DrawerPolarity,
} from './escpos/status.js';
export { PrinterResponseParser, type PrinterMessage } from './escpos/status-stream.js';
export { sanitizeReceiptText } from './escpos/text-layout.js';
export { ScanFramer, type FramerOutput, type ScanFramerOptions, type ScanSuffix } from './scanner/scan-framer.js';
export { stripAimIdentifier } from './scanner/aim.js';
export { EPSON_DMD, CD5220, poleDisplayDialect, type PoleDisplayDialectName } from './display/display-dialects.js';
export { lineAndTotalFrame, changeFrame, idleFrame, type DisplayFrame } from './display/display-frames.js';
export { transliterate } from './display/display-text.js';

// Devices.
export { PrinterDevice, DrawerKickError, type PrinterState, type PrinterSnapshot, type SendOutcome, type DeviceProblem } from './devices/printer-device.js';
export { CashDrawer, type DrawerOpenRequest } from './devices/cash-drawer.js';
export { MemoryDrawerKickLog, type DrawerKickLog, type DrawerKickRecord } from './devices/drawer-kick-log.js';
export { LinkSupervisor, type LinkState } from './devices/link-supervisor.js';
export { VirtualReceiptPrinter, type VirtualPrintedDocument, type VirtualReceiptPrinterOptions } from './devices/virtual-printer.js';
export { SerialBarcodeScanner, type ScanEvent, type SerialBarcodeScannerOptions } from './devices/barcode-scanner.js';
export { PoleDisplay } from './display/pole-display.js';
export { VirtualPoleDisplay } from './display/virtual-pole-display.js';
export { EscPosPrinterModel, type PrintedDocument } from './virtual/escpos-printer-model.js';

// Print queue.
export type { PrintJob, PrintJobState, PrintJobKind, PrintableDocument, NewPrintJob, PrintJobPatch } from './queue/print-job.js';
export type { PrintJobStore } from './queue/print-job-store.js';
export { MemoryPrintJobStore } from './queue/memory-print-job-store.js';
export { PrintQueue, type PrintRequest, type QueuePrinter } from './queue/print-queue.js';
export { RoutingError, type PrintRoute, type PrintRouting } from './queue/print-routing.js';

// Device manager.
export { DeviceManager, DeviceSettingsError, type DeviceManagerOptions, type DeviceTestResult } from './manager/device-manager.js';
export { VIRTUAL_DEVICE_SETTINGS, type DeviceSettings, type PrinterSettings, type ScannerSettings, type DisplaySettings, type DrawerSettings, type TransportSettings } from './manager/device-settings.js';
export type { DeviceStatus, DeviceKind, DeviceTestAction } from './manager/device-status.js';
export type { DiscoveredDevice, DiscoveryResult } from './manager/discovery.js';
