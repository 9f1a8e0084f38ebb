/**
 * The electron-builder configuration, as code so a test can load it and hold it to what the
 * product needs (four targets with icons, fuses, the update feed, the Linux hardware setup).
 * `npm run package` (scripts/package.ts) is what uses it.
 */
import type { Configuration } from 'electron-builder';
import { join } from 'node:path';
import { z } from 'zod';

const MAINTAINER = /^[^<>]+ <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/;

/** What packaging reads from the environment; bad values stop it before anything is built. */
export const PackagingEnv = z.object({
  /**
   * The update feed (electron-updater, generic provider): where latest*.yml and the installers are
   * uploaded. https only: the app trusts what it downloads from there (signatures are checked on
   * Windows and macOS). Absent: a package without auto-update (`--no-updates` must say so).
   */
  POS_UPDATE_URL: z.url({ protocol: /^https$/, message: 'POS_UPDATE_URL must be an https:// URL' }).optional(),
  /** The .deb maintainer, "Name <email>" (Debian policy 5.6.2). */
  POS_MAINTAINER: z
    .string()
    .regex(MAINTAINER, 'POS_MAINTAINER must look like "Name <email@example.org>"')
    .default('POS Station <pos-station@users.noreply.github.com>'),
  /** Notarize the macOS build: set with Apple's credentials (README: signing). */
  APPLE_TEAM_ID: z.string().min(1).optional(),
});
export type PackagingEnv = z.infer<typeof PackagingEnv>;

export interface BuilderConfigInput {
  root: string;
  /** The staged app (package.json, dist/, node_modules rebuilt for Electron). */
  stageDir: string;
  electronVersion: string;
  env: PackagingEnv;
}

export const UDEV_RULES = '60-pos-station.rules';

/**
 * Fuses flipped in the packaged binary (electron-builder applies them right before signing):
 * it cannot be run as plain Node, takes no NODE_OPTIONS or --inspect, loads its code only from
 * app.asar and checks that archive's integrity (macOS and Windows enforce this today).
 */
export const FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
  // An unsigned arm64 macOS build must be re-signed ad hoc after flipping, or it will not start.
  resetAdHocDarwinSignature: true,
} as const;

export function builderConfig({ root, stageDir, electronVersion, env }: BuilderConfigInput): Configuration {
  const build = (...parts: string[]) => join(root, 'build', ...parts);
  const rules = build('linux', UDEV_RULES);
  return {
    appId: 'app.pos.station',
    productName: 'POS Station',
    executableName: 'pos-station',
    copyright: 'Copyright © POS Station contributors',
    directories: { app: stageDir, output: join(root, 'dist', 'packages'), buildResources: build() },
    electronVersion,
    // The stage's native modules are already rebuilt for this Electron (scripts/package-stage.ts).
    npmRebuild: false,
    nodeGypRebuild: false,
    buildDependenciesFromSource: false,
    asar: true,
    // Native modules load from real files, not from inside the archive.
    asarUnpack: ['**/*.node'],
    files: [
      'package.json',
      'dist/electron/**',
      '!dist/electron/**/*.map',
      'dist/renderer/**',
      'node_modules/**',
      // Build inputs of the native modules: compiled already, not shipped.
      '!node_modules/better-sqlite3/{deps,src}/**',
      '!node_modules/**/{test,tests,docs,example,examples}/**',
    ],
    electronFuses: FUSES,
    publish: env.POS_UPDATE_URL ? [{ provider: 'generic', url: env.POS_UPDATE_URL, channel: 'latest' }] : null,
    linux: {
      target: ['deb', 'AppImage'],
      category: 'Office',
      icon: build('icons'),
      maintainer: env.POS_MAINTAINER,
      vendor: 'POS Station',
      synopsis: 'Offline-first point of sale: counter, kitchen display and hardware',
      description: 'Offline-first point-of-sale station: counter, kitchen display, receipt printers, scanners and customer displays.',
      // The AppImage cannot install system files: its rules ship in resources/udev for the README's manual step.
      extraResources: [{ from: rules, to: `udev/${UDEV_RULES}` }],
    },
    deb: {
      afterInstall: build('linux', 'after-install.sh'),
      afterRemove: build('linux', 'after-remove.sh'),
      fpm: [`${rules}=/usr/lib/udev/rules.d/${UDEV_RULES}`],
    },
    appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: build('icon.ico'),
    },
    nsis: {
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      installerIcon: build('icon.ico'),
      uninstallerIcon: build('icon.ico'),
      // Orders and the event log outlive an uninstall/reinstall.
      deleteAppDataOnUninstall: false,
      artifactName: '${productName}-Setup-${version}.${ext}',
    },
    mac: {
      target: ['dmg'],
      icon: build('icon.icns'),
      category: 'public.app-category.business',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: build('entitlements.mac.plist'),
      entitlementsInherit: build('entitlements.mac.plist'),
      notarize: env.APPLE_TEAM_ID !== undefined,
    },
    dmg: { icon: build('icon.icns') },
  };
}
