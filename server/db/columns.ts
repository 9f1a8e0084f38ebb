import type { SqlRow } from './database.js';

/**
 * Column decoders. Drivers disagree on int8 (PGlite: number, node-postgres: string), so integers are
 * accepted in either form but must be safe integers: a cursor that silently lost precision would make
 * pull skip or repeat events.
 */
export function intColumn(row: SqlRow, name: string): number {
  const value = row[name];
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError(`column ${name}: expected a safe integer, got ${describe(value)}`);
  }
  return n;
}

export function textColumn(row: SqlRow, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new TypeError(`column ${name}: expected text, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
