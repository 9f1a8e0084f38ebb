/** An ESC/POS character code table and the iconv-lite encoding that decodes it. */
export interface CodePage {
  /** Epson `ESC t n` number. */
  escT: number;
  /** Printer-facing name, e.g. "CP858". */
  name: string;
  iconv: string;
}

// Epson numbering (escpos-printer-db "default" profile). Clone firmware numbers differently: profiles
// will override this table per model. PC851 (11) and Katakana (1) have no iconv-lite codec.
const TABLE: readonly CodePage[] = [
  { escT: 0, name: 'CP437', iconv: 'cp437' },
  { escT: 2, name: 'CP850', iconv: 'cp850' },
  { escT: 3, name: 'CP860', iconv: 'cp860' },
  { escT: 4, name: 'CP863', iconv: 'cp863' },
  { escT: 5, name: 'CP865', iconv: 'cp865' },
  { escT: 13, name: 'CP857', iconv: 'cp857' },
  { escT: 14, name: 'CP737', iconv: 'cp737' },
  { escT: 15, name: 'ISO-8859-7', iconv: 'iso-8859-7' },
  { escT: 16, name: 'WPC1252', iconv: 'windows-1252' },
  { escT: 17, name: 'CP866', iconv: 'cp866' },
  { escT: 18, name: 'CP852', iconv: 'cp852' },
  { escT: 19, name: 'CP858', iconv: 'cp858' },
  { escT: 32, name: 'CP720', iconv: 'cp720' },
  { escT: 33, name: 'WPC775', iconv: 'cp775' },
  { escT: 34, name: 'CP855', iconv: 'cp855' },
  { escT: 35, name: 'CP861', iconv: 'cp861' },
  { escT: 36, name: 'CP862', iconv: 'cp862' },
  { escT: 37, name: 'CP864', iconv: 'cp864' },
  { escT: 38, name: 'CP869', iconv: 'cp869' },
  { escT: 39, name: 'ISO-8859-2', iconv: 'iso-8859-2' },
  { escT: 40, name: 'ISO-8859-15', iconv: 'iso-8859-15' },
  { escT: 44, name: 'CP1125', iconv: 'cp1125' },
  { escT: 45, name: 'WPC1250', iconv: 'windows-1250' },
  { escT: 46, name: 'WPC1251', iconv: 'windows-1251' },
  { escT: 47, name: 'WPC1253', iconv: 'windows-1253' },
  { escT: 48, name: 'WPC1254', iconv: 'windows-1254' },
  { escT: 49, name: 'WPC1255', iconv: 'windows-1255' },
  { escT: 50, name: 'WPC1256', iconv: 'windows-1256' },
  { escT: 51, name: 'WPC1257', iconv: 'windows-1257' },
  { escT: 52, name: 'WPC1258', iconv: 'windows-1258' },
  { escT: 53, name: 'KZ1048', iconv: 'rk1048' },
];

const BY_NUMBER = new Map(TABLE.map((page) => [page.escT, page]));

/** What a printer uses after power-on or ESC @. */
export const DEFAULT_CODE_PAGE: CodePage = { escT: 0, name: 'CP437', iconv: 'cp437' };

export function codePageForEscT(n: number): CodePage | undefined {
  return BY_NUMBER.get(n);
}

export const KNOWN_CODE_PAGES: readonly CodePage[] = TABLE;
