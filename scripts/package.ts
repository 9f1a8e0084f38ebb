/**
 * `npm run package`: desktop packages of the station. Builds the renderer and the Electron bundles,
 * stages the app with its production packages (scripts/package-stage.ts), rebuilds native modules
 * there for Electron's ABI, runs electron-builder (scripts/package-config.ts) and checks the fuses
 * of what it made. The repository's node_modules is never touched.
 *
 *   npm run package                       this platform's targets (Linux: deb + AppImage)
 *   npm run package -- --linux --win      named platforms (NSIS on Linux needs wine; dmg needs macOS)
 *   npm run package -- --no-updates       without POS_UPDATE_URL: a package that never auto-updates
 *   npm run package -- --stage-only       stop after staging and rebuilding (no Electron download)
 */
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { rebuild } from '@electron/rebuild';
import { Platform, build as builderBuild } from 'electron-builder';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build as viteBuild } from 'vite';
import { buildElectron } from './build-electron.js';
import { builderConfig, FUSES, PackagingEnv } from './package-config.js';
import { electronRuntime, NATIVE_REBUILDS, prepareElectronStage } from './package-stage.js';

const root = resolve(import.meta.dirname, '..');
const stageDir = join(root, 'dist', 'stage');

const { values: flags } = parseArgs({
  options: {
    linux: { type: 'boolean', default: false },
    win: { type: 'boolean', default: false },
    mac: { type: 'boolean', default: false },
    'no-updates': { type: 'boolean', default: false },
    'stage-only': { type: 'boolean', default: false },
  },
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A fuse wire byte: ASCII '1' on, '0' off (@electron/fuses does not export its FuseState enum). */
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

const FUSE_INDEX: Record<keyof typeof FUSES, FuseV1Options | undefined> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  resetAdHocDarwinSignature: undefined,
};

/** Reads the fuse wire back from a packaged binary: what electron-builder flipped, not what it was told. */
async function checkFuses(binary: string): Promise<void> {
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES).flatMap(([name, wanted]) => {
    const index = FUSE_INDEX[name as keyof typeof FUSES];
    if (index === undefined) return [];
    const state = (wire as unknown as Record<number, number>)[index];
    return state === (wanted ? FUSE_ON : FUSE_OFF) ? [] : [`${name} should be ${wanted ? 'on' : 'off'}`];
  });
  if (wrong.length > 0) throw new Error(`Fuses of ${binary} are not as configured: ${wrong.join('; ')}`);
  console.log(`Fuses checked in ${binary}`);
}

async function main(): Promise<void> {
  const env = PackagingEnv.parse(process.env);
  if (!env.POS_UPDATE_URL && !flags['no-updates']) {
    throw new Error('Set POS_UPDATE_URL (https) to the update feed, or pass --no-updates for a package that never updates itself');
  }
  const { version, abi } = electronRuntime(root);
  const repoSqlite = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const repoSqliteBefore = existsSync(repoSqlite) ? sha256(repoSqlite) : undefined;

  console.log('Building the renderer and the Electron bundles…');
  await viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  const { externals } = await buildElectron();
  console.log(`Staging in ${stageDir}; better-sqlite3 is rebuilt there for Electron ${version} unless already built for it…`);
  const staged = await prepareElectronStage({
    root,
    stageDir,
    externals,
    electronVersion: version,
    abi,
    rebuild: (buildPath) => rebuild({ buildPath, electronVersion: version, force: true, onlyModules: [...NATIVE_REBUILDS] }),
  });
  console.log(`Staged ${staged.packages.length} packages`);
  if (repoSqliteBefore !== undefined && sha256(repoSqlite) !== repoSqliteBefore) {
    throw new Error('The repository copy of better-sqlite3 changed: packaging must only rebuild in the stage');
  }
  if (flags['stage-only']) {
    console.log('Stage ready (--stage-only): no packages made.');
    return;
  }

  const platforms = [
    ...(flags.linux ? [Platform.LINUX] : []),
    ...(flags.win ? [Platform.WINDOWS] : []),
    ...(flags.mac ? [Platform.MAC] : []),
  ];
  const targets = (platforms.length > 0 ? platforms : [Platform.current()]).map((platform) => platform.createTarget());
  const merged = new Map(targets.flatMap((target) => [...target]));
  const artifacts = await builderBuild({
    targets: merged,
    projectDir: stageDir,
    config: builderConfig({ root, stageDir, electronVersion: version, env }),
    // Upload is yours (README): the generic provider is a plain web directory.
    publish: 'never',
  });
  if (merged.has(Platform.LINUX)) await checkFuses(join(root, 'dist', 'packages', 'linux-unpacked', 'pos-station'));
  if (merged.has(Platform.WINDOWS)) await checkFuses(join(root, 'dist', 'packages', 'win-unpacked', 'POS Station.exe'));
  console.log(`Packages:\n${artifacts.map((artifact) => `  ${artifact}`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(`npm run package failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
