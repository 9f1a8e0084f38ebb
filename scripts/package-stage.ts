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

export interface ElectronStageInput extends StageInput {
  electronVersion: string;
  /** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version). */
  abi: number;
  /** Rebuilds the native modules in the stage for Electron (@electron/rebuild in real use). */
  rebuild: (stageDir: string) => Promise<void>;
}

function builtBinary(dir: string): string {
  return join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

function packageVersion(dir: string): string | undefined {
  return existsSync(join(dir, 'package.json')) ? readPackage(dir).version : undefined;
}

/**
 * A stage whose better-sqlite3 is built for Electron, for packaging and for `npm start` under
 * Electron. A binary already built for this ABI and this better-sqlite3 version is kept across
 * restaging (compiling SQLite takes minutes); anything else is rebuilt, and the result is checked.
 */
export async function prepareElectronStage(input: ElectronStageInput): Promise<StagedApp> {
  const { root, stageDir, abi, electronVersion } = input;
  const previous = builtBinary(stageDir);
  const repoVersion = packageVersion(join(root, 'node_modules', 'better-sqlite3'));
  const reusable =
    existsSync(previous) &&
    packageVersion(join(stageDir, 'node_modules', 'better-sqlite3')) === repoVersion &&
    nativeModuleAbi(readFileSync(previous)) === abi
      ? readFileSync(previous)
      : undefined;
  const staged = stageApp(input);
  const binary = builtBinary(stageDir);
  if (reusable) {
    mkdirSync(dirname(binary), { recursive: true });
    writeFileSync(binary, reusable, { mode: 0o755 });
  } else {
    // An npmrc `nodedir` (machines that build offline against the system Node's headers) would make
    // node-gyp compile for Node's ABI: the rebuild needs Electron's headers.
    for (const key of Object.keys(process.env)) if (key.toLowerCase() === 'npm_config_nodedir') delete process.env[key];
    await input.rebuild(stageDir);
  }
  if (!existsSync(binary)) throw new Error(`The rebuild left no ${binary}`);
  // Read the ABI back: a rebuild that quietly fell back to Node's headers fails here, not on a till.
  const built = nativeModuleAbi(readFileSync(binary));
  if (built !== abi) throw new Error(`${binary} is built for ABI ${built}, Electron ${electronVersion} needs ${abi}`);
  return staged;
}

/** The installed Electron's version and NODE_MODULE_VERSION (what native modules must be built for). */
export function electronRuntime(root: string): { version: string; abi: number } {
  const dir = join(root, 'node_modules', 'electron');
  return { version: readPackage(dir).version, abi: Number(readFileSync(join(dir, 'abi_version'), 'utf8').trim()) };
}
