import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Staff PINs are kept only as scrypt hashes: `scrypt$N$r$p$<salt base64>$<hash base64>`, with a
 * per-person random salt. A 4–8 digit PIN is weak by nature; the hash keeps a copied station.json
 * from handing out PINs at a glance, and the till's lockout is what stops guessing.
 */
const PIN_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

const KEY_LENGTH = 32;
/** 2^14: tens of milliseconds per check on a till's CPU, acceptable for a PIN pad. */
export const DEFAULT_PIN_COST: PinHashCost = { N: 16_384, r: 8, p: 1 };

export interface PinHashCost {
  N: number;
  r: number;
  p: number;
}

interface ParsedPinHash {
  cost: PinHashCost;
  salt: Buffer;
  hash: Buffer;
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

/** Parses a stored hash; undefined when it is malformed or its cost is outside what a till can run. */
export function parsePinHash(encoded: string): ParsedPinHash | undefined {
  const match = PIN_HASH_PATTERN.exec(encoded);
  if (!match) return undefined;
  const [, n, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!isPowerOfTwo(cost.N) || cost.N < 1024 || cost.N > 1_048_576 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16)
    return undefined;
  const parsed = { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  return parsed.salt.length >= 8 && parsed.hash.length >= 16 ? parsed : undefined;
}

const scryptOptions = (cost: PinHashCost) => ({ ...cost, maxmem: 256 * cost.N * cost.r });

/**
 * Hashes a PIN for the `staff` section of station.json:
 * `npx tsx -e "import { hashPin } from './electron/core/staff/pin-hash.ts'; console.log(hashPin('1234'))"`.
 */
export function hashPin(pin: string, cost: PinHashCost = DEFAULT_PIN_COST, salt: Buffer = randomBytes(16)): string {
  if (!/^\d{4,8}$/.test(pin)) throw new RangeError('a PIN is 4 to 8 digits');
  const hash = scryptSync(pin, salt, KEY_LENGTH, scryptOptions(cost));
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison against a stored hash; a malformed hash never matches. */
export function verifyPin(pin: string, encoded: string): boolean {
  const parsed = parsePinHash(encoded);
  if (!parsed) return false;
  const actual = scryptSync(pin, parsed.salt, parsed.hash.length, scryptOptions(parsed.cost));
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * The same check off the main thread (libuv's pool), for sign-in by PIN alone, which tries every
 * person's hash: the core keeps serving windows, printers and sync meanwhile.
 */
export async function verifyPinAsync(pin: string, encoded: string): Promise<boolean> {
  const parsed = parsePinHash(encoded);
  if (!parsed) return false;
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, parsed.salt, parsed.hash.length, scryptOptions(parsed.cost), (error, key) => (error ? reject(error) : resolve(key))),
  );
  return timingSafeEqual(actual, parsed.hash);
}
