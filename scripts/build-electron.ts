/**
 * Bundles the Electron shell: main and the station core's utility process as ESM (packages stay
 * external: native ones are rebuilt for Electron's ABI in the packaging stage), the preload as one
 * CommonJS file because sandboxed preloads cannot load modules of their own. Returns the packages
 * the bundles import, which is exactly what the packaging stage copies.
 */
import { build, type Metafile } from 'esbuild';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** `pino` from `pino`, `@serialport/bindings-cpp` from `@serialport/bindings-cpp/dist/x.js`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function externalPackages(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (external && !path.startsWith('node:') && !path.startsWith('.')) names.add(packageName(path));
    }
  }
  return [...names].sort();
}

export interface ElectronBuild {
  outdir: string;
  /** Packages the bundles load at run time (electron itself included). */
  externals: string[];
}

export async function buildElectron(outdir = join(root, 'dist', 'electron')): Promise<ElectronBuild> {
  const esm = await build({
    entryPoints: { main: join(root, 'electron', 'main.ts'), core: join(root, 'electron', 'shell', 'core-entry.ts') },
    outdir,
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Electron 45 runs Node 22.
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const preload = await build({
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  return { outdir, externals: externalPackages({ inputs: {}, outputs: { ...esm.metafile.outputs, ...preload.metafile.outputs } }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outdir, externals } = await buildElectron();
  console.log(`Electron shell bundled into ${outdir} (run-time packages: ${externals.join(', ')})`);
}
