import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hex } from '../escpos/escpos-commands.js';

/** Hex fixture text: a comment header, then 16 bytes per line. */
export function toHexFixture(bytes: Uint8Array, comment: string): string {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) rows.push(hex(bytes.subarray(i, i + 16)));
  return `${[...comment.split('\n').map((line) => `# ${line}`), ...rows].join('\n')}\n`;
}

export function fromHexFixture(text: string): Uint8Array {
  const digits = text.replace(/#.*$/gm, '').trim().split(/\s+/).filter(Boolean);
  return Uint8Array.from(digits.map((d) => Number.parseInt(d, 16)));
}

/**
 * The bytes stored in a golden fixture, as hex. With UPDATE_GOLDEN=1 the fixture is (re)written from
 * `actual` first, to be reviewed in the diff before committing; a missing fixture fails.
 */
export function golden(url: URL, actual: Uint8Array, comment: string): string {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(url, toHexFixture(actual, comment));
  if (!existsSync(url)) throw new Error(`missing golden fixture ${url.pathname}: run with UPDATE_GOLDEN=1 and review it`);
  return hex(fromHexFixture(readFileSync(url, 'utf8')));
}
