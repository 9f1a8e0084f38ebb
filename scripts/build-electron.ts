/**
 * Bundles the Electron shell: main as ESM (native modules stay external and are rebuilt for
 * Electron's ABI by electron-builder), preload as one CommonJS file because sandboxed preloads
 * cannot load modules of their own.
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'electron');

export async function buildElectron(): Promise<void> {
  await build({
    entryPoints: [join(root, 'electron', 'main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  await build({
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildElectron();
  console.log(`Electron shell bundled into ${outdir}`);
}
