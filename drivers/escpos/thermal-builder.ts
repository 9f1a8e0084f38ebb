import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';

type ThermalPrinterConfig = ConstructorParameters<typeof ThermalPrinter>[0];

const ESC_INIT = Buffer.from([0x1b, 0x40]);

/**
 * A node-thermal-printer used purely as an ESC/POS byte builder: no interface, so nothing can be
 * sent from here (execute() throws "No interface!"); callers take the bytes with getBuffer().
 *
 * Workarounds for its 4.6.1 defects, all pinned by node-thermal-printer-defects.test.ts:
 * - its buffer starts with the code-page select, never ESC @, so ESC @ is prepended here;
 * - cut() ends with ESC @, which resets the printer to CP437 while the library keeps encoding for its
 *   own code page: cut only at the end of a document;
 * - openCashDrawer() emits truncated ESC p commands: use encodeDrawerKick() instead;
 * - printQR()/code128()/printBarcode() length bytes count UTF-16 units, not bytes: use escpos-codes.ts;
 * - printImageBuffer() sends one unsliced GS v 0 block: use raster-image.ts;
 * - drawLine(char) writes the char as UTF-8: use ASCII rule characters.
 */
export function createThermalBuilder(columns: number, characterSet: 'PC858_EURO' | 'WPC1252' = 'PC858_EURO'): ThermalPrinter {
  // The typings still require `interface: string`, but 4.6.x builds a device-less printer when it is absent.
  const config: Omit<ThermalPrinterConfig, 'interface'> = {
    type: PrinterTypes.EPSON,
    width: columns,
    characterSet: characterSet === 'WPC1252' ? CharacterSet.WPC1252 : CharacterSet.PC858_EURO,
    removeSpecialCharacters: false,
    lineCharacter: '-',
  };
  const printer = new ThermalPrinter(config as ThermalPrinterConfig);
  // The constructor has already appended ESC t n for the character set; put the reset in front of it.
  printer.setBuffer(Buffer.concat([ESC_INIT, printer.getBuffer()]));
  return printer;
}

/** The builder's bytes as a plain Uint8Array (never the library's shared Buffer). */
export function builtBytes(printer: ThermalPrinter): Uint8Array {
  return Uint8Array.from(printer.getBuffer());
}
