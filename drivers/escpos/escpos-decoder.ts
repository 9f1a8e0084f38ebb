import iconv from 'iconv-lite';
import { codePageForEscT, DEFAULT_CODE_PAGE, type CodePage } from './code-pages.js';
import { scanCommand, type TextStyleName } from './escpos-commands.js';

export interface DecodedDrawerKick {
  pin: 0 | 1;
  onMs: number;
  offMs: number;
}

export interface TextSpan {
  text: string;
  bold: boolean;
  underline: boolean;
  reverse: boolean;
  /** Character magnification 1–8 (ESC ! and GS !). */
  width: number;
  height: number;
}

/** What came out of the printer, in order: what the HTML view and diagnostics render. */
export type PrintedBlock =
  | { type: 'text'; align: 'left' | 'center' | 'right'; spans: TextSpan[] }
  | { type: 'qr'; symbol: string; data: string }
  | { type: 'barcode'; symbology: string; data: string }
  | { type: 'image'; widthDots: number; heightDots: number }
  | { type: 'cut'; mode: 'full' | 'partial' }
  | { type: 'drawerKick'; pin: 0 | 1; onMs: number; offMs: number };

export interface DecodedEscPos {
  /** Printed text lines, right-trimmed; trailing blank feed lines are dropped. Codes print as "[QR] data". */
  lines: string[];
  /** The same paper with styles, cuts and codes, for the HTML view. */
  blocks: PrintedBlock[];
  cuts: number;
  drawerKicks: DecodedDrawerKick[];
  /** The last code page the bytes selected with ESC t (CP437, the power-on table, if none). */
  codePage: string;
  /** Commands the decoder does not know, with their byte offset; decoding always continues. */
  unknownCommands: string[];
}

const TAB_STOP = 8;

/** Code payloads may hold control bytes; escape them so one decoded line stays one line. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

interface StyleState {
  bold: boolean;
  doubleStrike: boolean;
  underline: boolean;
  reverse: boolean;
  printModeWidth: number;
  printModeHeight: number;
  sizeWidth: number;
  sizeHeight: number;
  align: 'left' | 'center' | 'right';
}

const POWER_ON_STYLE: StyleState = {
  bold: false,
  doubleStrike: false,
  underline: false,
  reverse: false,
  printModeWidth: 1,
  printModeHeight: 1,
  sizeWidth: 1,
  sizeHeight: 1,
  align: 'left',
};

function applyStyle(state: StyleState, style: TextStyleName, value: number): void {
  const on = (value & 1) === 1;
  switch (style) {
    case 'bold':
      state.bold = on;
      break;
    case 'doubleStrike':
      state.doubleStrike = on;
      break;
    case 'underline':
      state.underline = value === 1 || value === 2 || value === 0x31 || value === 0x32;
      break;
    case 'reverse':
      state.reverse = on;
      break;
    case 'align': {
      const n = value >= 0x30 ? value - 0x30 : value;
      state.align = n === 1 ? 'center' : n === 2 ? 'right' : 'left';
      break;
    }
    case 'printMode':
      // ESC ! n: bit 3 emphasized, bit 4 double height, bit 5 double width, bit 7 underline.
      state.bold = (value & 0x08) !== 0;
      state.printModeHeight = value & 0x10 ? 2 : 1;
      state.printModeWidth = value & 0x20 ? 2 : 1;
      state.underline = (value & 0x80) !== 0;
      break;
    case 'charSize':
      state.sizeWidth = ((value >> 4) & 0x07) + 1;
      state.sizeHeight = (value & 0x07) + 1;
      break;
  }
}

/** Turns ESC/POS bytes back into what the paper would say. Pure; never throws on bad input. */
export function decodeEscPos(bytes: Uint8Array): DecodedEscPos {
  const lines: string[] = [];
  const blocks: PrintedBlock[] = [];
  const drawerKicks: DecodedDrawerKick[] = [];
  const unknownCommands: string[] = [];
  let cuts = 0;
  let active: CodePage = DEFAULT_CODE_PAGE;
  let selectedName = DEFAULT_CODE_PAGE.name;
  let current = '';
  let spans: TextSpan[] = [];
  let lineAlign: StyleState['align'] | undefined;
  let style: StyleState = { ...POWER_ON_STYLE };
  let symbolData = new Map<string, Uint8Array>();

  const appendText = (text: string): void => {
    if (text.length === 0) return;
    lineAlign ??= style.align;
    current += text;
    const span: TextSpan = {
      text,
      bold: style.bold || style.doubleStrike,
      underline: style.underline,
      reverse: style.reverse,
      width: Math.max(style.printModeWidth, style.sizeWidth),
      height: Math.max(style.printModeHeight, style.sizeHeight),
    };
    const last = spans[spans.length - 1];
    if (
      last &&
      last.bold === span.bold &&
      last.underline === span.underline &&
      last.reverse === span.reverse &&
      last.width === span.width &&
      last.height === span.height
    ) {
      last.text += text;
    } else spans.push(span);
  };
  const endLine = (): void => {
    lines.push(current.trimEnd());
    const trimmed = spans.map((s) => ({ ...s }));
    // Trailing blanks are not ink, unless reverse video makes them visible.
    while (trimmed.length > 0) {
      const last = trimmed[trimmed.length - 1]!;
      if (last.reverse) break;
      last.text = last.text.trimEnd();
      if (last.text.length > 0) break;
      trimmed.pop();
    }
    blocks.push({ type: 'text', align: lineAlign ?? style.align, spans: trimmed });
    current = '';
    spans = [];
    lineAlign = undefined;
  };
  const endLineIfPending = (): void => {
    if (current.length > 0) endLine();
  };

  let offset = 0;
  while (offset < bytes.length) {
    const result = scanCommand(bytes, offset);
    if (result.kind === 'incomplete') {
      unknownCommands.push(`incomplete ${result.description} at ${offset}`);
      break;
    }
    const { command } = result;
    switch (command.op) {
      case 'text':
        appendText(iconv.decode(Buffer.from(command.bytes.buffer, command.bytes.byteOffset, command.bytes.byteLength), active.iconv));
        break;
      case 'lineFeed':
        endLine();
        break;
      case 'tab':
        appendText(' '.repeat(TAB_STOP - (current.length % TAB_STOP)));
        break;
      case 'initialize':
        active = DEFAULT_CODE_PAGE;
        style = { ...POWER_ON_STYLE };
        symbolData = new Map();
        break;
      case 'codePage': {
        const page = codePageForEscT(command.n);
        if (page) {
          active = page;
          selectedName = page.name;
        } else {
          unknownCommands.push(`ESC t ${command.n} (no decoder for this code page; text shown as CP437) at ${offset}`);
          active = DEFAULT_CODE_PAGE;
          selectedName = `ESC t ${command.n}`;
        }
        break;
      }
      case 'textStyle':
        applyStyle(style, command.style, command.value);
        break;
      case 'feedLines':
        // ESC d n prints the pending line and feeds n lines, so n=1 is exactly one LF.
        if (command.lines === 0) endLineIfPending();
        for (let i = 0; i < command.lines; i++) endLine();
        break;
      case 'feedDots':
        endLineIfPending();
        break;
      case 'cut':
        endLineIfPending();
        cuts++;
        blocks.push({ type: 'cut', mode: command.mode });
        break;
      case 'drawerKick': {
        const kick = { pin: command.pin, onMs: command.onMs, offMs: command.offMs };
        drawerKicks.push(kick);
        blocks.push({ type: 'drawerKick', ...kick });
        break;
      }
      case 'symbolStore':
        symbolData.set(command.symbol, command.data);
        break;
      case 'symbolPrint': {
        endLineIfPending();
        const data = symbolData.get(command.symbol);
        const text = data ? printable(Buffer.from(data).toString('utf8')) : '(no data stored)';
        lines.push(`[${command.symbol.toUpperCase()}] ${text}`);
        blocks.push({ type: 'qr', symbol: command.symbol, data: text });
        break;
      }
      case 'barcode': {
        endLineIfPending();
        const data = printable(Buffer.from(command.data).toString('latin1'));
        lines.push(`[BARCODE ${command.symbology}] ${data}`);
        blocks.push({ type: 'barcode', symbology: command.symbology, data });
        break;
      }
      case 'image':
        endLineIfPending();
        lines.push(`[IMAGE ${command.widthDots}x${command.heightDots}]`);
        blocks.push({ type: 'image', widthDots: command.widthDots, heightDots: command.heightDots });
        break;
      case 'realtimeStatus':
      case 'realtimeRecovery':
      case 'transmitStatus':
      case 'autoStatusBack':
      case 'jobDoneRequest':
      case 'style':
        break;
      case 'unknown':
        unknownCommands.push(`${command.description} at ${offset}`);
        break;
    }
    offset += result.length;
  }
  endLineIfPending();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (blocks.length > 0) {
    const last = blocks[blocks.length - 1];
    if (last?.type !== 'text' || last.spans.length > 0) break;
    blocks.pop();
  }
  return { lines, blocks, cuts, drawerKicks, codePage: selectedName, unknownCommands };
}
