import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { rendererDir } from './support/renderer-dir.js';

/** The e2e tests load the built renderer; build it when `npm run test:e2e` runs on its own. */
export default async function globalSetup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  if (existsSync(join(rendererDir, 'index.html')) && process.env.E2E_REBUILD !== '1') return;
  await build({
    configFile: join(root, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: rendererDir, emptyOutDir: true },
  });
}
