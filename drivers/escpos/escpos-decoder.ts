import iconv from 'iconv-lite';
import { codePageForEscT, DEFAULT_CODE_PAGE, type CodePage } from './code-pages.js';
import { scanCommand } from './escpos-commands.js';

export interface DecodedDrawerKick {
  pin: 0 | 1;
  onMs: number;
  offMs: number;
}

export interface DecodedEscPos {
  /** Printed text lines, right-trimmed; trailing blank feed lines are dropped. Codes print as "[QR] data". */
  lines: string[];
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

/** Turns ESC/POS bytes back into what the paper would say. Pure; never throws on bad input. */
export function decodeEscPos(bytes: Uint8Array): DecodedEscPos {
  const lines: string[] = [];
  const drawerKicks: DecodedDrawerKick[] = [];
  const unknownCommands: string[] = [];
  let cuts = 0;
  let active: CodePage = DEFAULT_CODE_PAGE;
  let selectedName = DEFAULT_CODE_PAGE.name;
  let current = '';
  let symbolData = new Map<string, Uint8Array>();

  const endLine = (): void => {
    lines.push(current.trimEnd());
    current = '';
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
        current += iconv.decode(Buffer.from(command.bytes.buffer, command.bytes.byteOffset, command.bytes.byteLength), active.iconv);
        break;
      case 'lineFeed':
        endLine();
        break;
      case 'tab':
        current += ' '.repeat(TAB_STOP - (current.length % TAB_STOP));
        break;
      case 'initialize':
        active = DEFAULT_CODE_PAGE;
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
        break;
      case 'drawerKick':
        drawerKicks.push({ pin: command.pin, onMs: command.onMs, offMs: command.offMs });
        break;
      case 'symbolStore':
        symbolData.set(command.symbol, command.data);
        break;
      case 'symbolPrint': {
        endLineIfPending();
        const data = symbolData.get(command.symbol);
        lines.push(`[${command.symbol.toUpperCase()}] ${data ? printable(Buffer.from(data).toString('utf8')) : '(no data stored)'}`);
        break;
      }
      case 'barcode':
        endLineIfPending();
        lines.push(`[BARCODE ${command.symbology}] ${printable(Buffer.from(command.data).toString('latin1'))}`);
        break;
      case 'image':
        endLineIfPending();
        lines.push(`[IMAGE ${command.widthDots}x${command.heightDots}]`);
        break;
      case 'realtimeStatus':
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
  return { lines, cuts, drawerKicks, codePage: selectedName, unknownCommands };
}

