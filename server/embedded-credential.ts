/**
 * The station credential of a single-shop install (`npm start`): one per station id, kept in the
 * data directory so the same directory gets the same credential on every start, and handed to the
 * embedded server as a bootstrap so nothing syncs on a store-wide secret.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { OriginId } from '../shared/events.js';
import { newToken } from './auth/credentials.js';
import { EMBEDDED_STORE_ID, type Bootstrap } from './central-server.js';

const CREDENTIAL_FILE = 'station-credential.json';
/** Where launchers before per-station credentials kept their store-wide secret. */
const LEGACY_TOKEN_FILE = 'sync-token';

const SavedCredential = z.object({ stationId: OriginId, token: z.string().min(16) }).strict();

export interface EmbeddedStationCredential {
  stationId: string;
  token: string;
  /** What `startCentralServer` needs to accept this credential (idempotent across restarts). */
  bootstrap: Bootstrap;
  /** Forget the retired secrets' files; call once the server has started (and so revoked them). */
  forgetRetired(): void;
}

/**
 * Reads or creates the credential of `stationId` in `serverDir`. A renamed station gets a new one
 * and its former credential is retired, as is the shared secret an older launcher left behind.
 */
export function embeddedStationCredential(serverDir: string, stationId: string, storeName = 'Embedded store'): EmbeddedStationCredential {
  const file = join(serverDir, CREDENTIAL_FILE);
  const legacyFile = join(serverDir, LEGACY_TOKEN_FILE);
  const retired: string[] = [];
  if (existsSync(legacyFile)) {
    const legacy = readFileSync(legacyFile, 'utf8').trim();
    if (legacy !== '') retired.push(legacy);
  }
  let token: string | undefined;
  if (existsSync(file)) {
    const saved = readSaved(file);
    if (saved.stationId === stationId) token = saved.token;
    else retired.push(saved.token);
  }
  if (token === undefined) {
    token = newToken('station');
    writeSecret(file, `${JSON.stringify({ stationId, token })}\n`);
  }
  return {
    stationId,
    token,
    bootstrap: { storeId: EMBEDDED_STORE_ID, storeName, stations: [{ stationId, token }], retiredTokens: retired },
    forgetRetired: () => rmSync(legacyFile, { force: true }),
  };
}

function readSaved(file: string): z.output<typeof SavedCredential> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not readable JSON (${(error as Error).message}); delete it to issue a new station credential`);
  }
  const saved = SavedCredential.safeParse(json);
  if (!saved.success)
    throw new Error(`${file} is not a station credential (${saved.error.issues[0]?.message ?? 'invalid'}); delete it to issue a new one`);
  return saved.data;
}

/** Owner-only, and written whole: a crash mid-write must not leave half a secret behind. */
function writeSecret(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
}
