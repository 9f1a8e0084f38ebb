/**
 * Entry of the station core's utility process (bundled as dist/electron/core.js). The first message
 * from main names the data directory; logs go to its logs/pos.log, private to this user.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { openPrivateAppendFile, privateDirectory } from '../core/private-files.js';
import { coreLogPath, runCoreHost } from './core-host.js';

function logDestination(): pino.DestinationStream {
  const dataDir = process.env.POS_DATA_DIR;
  if (!dataDir) return pino.destination(1);
  mkdirSync(dataDir, { recursive: true });
  privateDirectory(dataDir);
  privateDirectory(dirname(coreLogPath(dataDir)));
  return pino.destination({ fd: openPrivateAppendFile(coreLogPath(dataDir)) });
}

const logger = pino({ level: process.env.POS_LOG_LEVEL ?? 'info', base: { process: 'core' } }, logDestination());
runCoreHost({ port: process.parentPort, logger, exit: (code) => process.exit(code) });
