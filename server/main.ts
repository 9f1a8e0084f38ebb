/**
 * The central server's entry point: `npm run server -- [command] [flags]` (see cli.ts), and the
 * module the launcher imports `startCentralServer` from.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runCli } from './cli.js';

export { EMBEDDED_STORE_ID, startCentralServer, type Bootstrap, type CentralServer, type CentralServerOptions } from './central-server.js';
export { embeddedStationCredential, type EmbeddedStationCredential } from './embedded-credential.js';

function isRunDirectly(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  let resolved = entry;
  try {
    resolved = realpathSync(entry);
  } catch {
    // argv[1] is not a readable path (e.g. `node -e`): compare it as given.
  }
  return pathToFileURL(resolved).href === moduleUrl;
}

if (isRunDirectly(import.meta.url)) {
  runCli(process.argv.slice(2), process.env).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`central server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
