/**
 * The packaging stage: a directory holding exactly what the packaged app runs (the bundles, the
 * renderer and the production packages the bundles import, with their dependencies), where native
 * modules are rebuilt for Electron's ABI. The repository's node_modules stays built for Node, so
 * tests and browser mode keep working while a package is being made.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Node's lookup: `name` in the nearest node_modules from `fromDir` up to the repository root. */
function locate(name: string, fromDir: string, root: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** Native modules compiled against one runtime's ABI (serialport and usb use Node-API prebuilds). */
export const NATIVE_REBUILDS = ['better-sqlite3'] as const;

/** The ABI a native module was built for, from the `node_register_module_v<ABI>` symbol it exports. */
export function nativeModuleAbi(binary: Buffer): number | undefined {
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match ? Number(match[1]) : undefined;
}

export interface StageInput {
  root: string;
  stageDir: string;
  /** Packages the bundles import (from buildElectron); `electron` itself is provided by the app. */
  externals: readonly string[];
  /** Where the built bundles (electron/) and renderer (renderer/) are; <root>/dist by default. */
  distDir?: string;
}

export interface StagedApp {
  stageDir: string;
  /** node_modules paths copied, relative to the stage (nested ones included). */
  packages: string[];
}

export function stageApp({ root, stageDir, externals, distDir = join(root, 'dist') }: StageInput): StagedApp {
  const rootPackage = readPackage(root);
  const runtime = externals.filter((name) => name !== 'electron');
  const undeclared = runtime.filter((name) => !rootPackage.dependencies?.[name]);
  if (undeclared.length > 0) {
    // A devDependency is not installed for users: the packaged app would fail to load it.
    throw new Error(`The Electron bundles import ${undeclared.join(', ')}, which package.json does not list in dependencies`);
  }
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  for (const part of ['electron', 'renderer']) {
    const from = join(distDir, part);
    if (!existsSync(from)) throw new Error(`${from} is missing: build it first (npm run build)`);
    cpSync(from, join(stageDir, 'dist', part), { recursive: true, filter: (path) => !path.endsWith('.map') });
  }

  // Walk the dependency graph the way Node resolves it, copying each package once to the same
  // relative place (a nested node_modules stays nested, so differing versions still resolve).
  const copied = new Set<string>();
  const queue = runtime.map((name) => ({ name, from: root, optional: false }));
  while (queue.length > 0) {
    const { name, from, optional } = queue.shift()!;
    const found = locate(name, from, root);
    if (!found) {
      if (optional) continue;
      throw new Error(`Cannot find ${name} (needed from ${relative(root, from) || 'the app'}): run npm install`);
    }
    const place = relative(root, found);
    if (copied.has(place)) continue;
    copied.add(place);
    const nested = join(found, 'node_modules');
    cpSync(realpathSync(found), join(stageDir, place), {
      recursive: true,
      dereference: true,
      // Nested node_modules are copied by the walk, only for what is really depended on.
      filter: (path) => path !== realpathSync(found) + sep + 'node_modules' && path !== nested,
    });
    const pkg = readPackage(found);
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: found, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: found, optional: true });
    for (const dep of Object.keys(pkg.peerDependencies ?? {})) queue.push({ name: dep, from: found, optional: true });
  }

  // The repository's build of each native module is for Node's ABI: it must not reach the package
  // if the Electron rebuild fails, and node-gyp must configure afresh instead of reusing its Makefile.
  for (const name of NATIVE_REBUILDS) rmSync(join(stageDir, 'node_modules', name, 'build'), { recursive: true, force: true });

  const dependencies = Object.fromEntries(runtime.map((name) => [name, rootPackage.dependencies![name]!]));
  const app = {
    name: rootPackage.name,
    productName: 'POS Station',
    version: rootPackage.version,
    description: rootPackage.description,
    author: { name: 'POS Station contributors' },
    license: 'UNLICENSED',
    type: 'module',
    main: 'dist/electron/main.js',
    dependencies,
  };
  writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify(app, null, 2)}\n`);
  return { stageDir, packages: [...copied].sort() };
}
