import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from './build-electron.js';
import { ICNS_SIZES, ICO_SIZES, LINUX_SIZES } from './generate-icons.js';
import { ICNS_TYPES, PNG_SIGNATURE, renderIcon } from './icon-render.js';
import { builderConfig, PackagingEnv, UDEV_RULES } from './package-config.js';
import { electronRuntime, nativeModuleAbi, prepareElectronStage, stageApp } from './package-stage.js';

const root = resolve(import.meta.dirname, '..');
const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string })
  .version;
const env = PackagingEnv.parse({ POS_UPDATE_URL: 'https://updates.example.org/pos', POS_MAINTAINER: 'Shop IT <it@shop.example>' });
const config = builderConfig({ root, stageDir: '/tmp/stage', electronVersion, env });

describe('the electron-builder configuration', () => {
  it('builds deb and AppImage, NSIS and dmg, each with an icon that exists', () => {
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.mac?.target).toEqual(['dmg']);
    for (const size of LINUX_SIZES) expect(existsSync(join(config.linux!.icon!, `${size}x${size}.png`))).toBe(true);
    for (const icon of [config.win!.icon!, config.mac!.icon!, config.nsis!.installerIcon!, config.dmg!.icon!])
      expect(existsSync(icon)).toBe(true);
  });

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar integrity and asar-only loading on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('packages the stage, already rebuilt for Electron, never the repository', () => {
    expect(config.directories?.app).toBe('/tmp/stage');
    expect(config.npmRebuild).toBe(false);
    expect(config.electronVersion).toBe(electronVersion);
    expect(Number(electronVersion.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('publishes to a generic https feed named by POS_UPDATE_URL, and to none without it', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: 'https://updates.example.org/pos', channel: 'latest' }]);
    expect(builderConfig({ root, stageDir: '/s', electronVersion, env: PackagingEnv.parse({}) }).publish).toBeNull();
    expect(() => PackagingEnv.parse({ POS_UPDATE_URL: 'http://updates.example.org/' })).toThrow(/https/);
    expect(() => PackagingEnv.parse({ POS_MAINTAINER: 'nobody' })).toThrow(/Name <email/);
  });

  it('signs and notarizes macOS with the hardened runtime when Apple credentials are set', () => {
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: false });
    expect(existsSync(config.mac!.entitlements!)).toBe(true);
    expect(readFileSync(config.mac!.entitlements!, 'utf8')).not.toMatch(
      /disable-library-validation|allow-unsigned-executable-memory|get-task-allow/,
    );
    expect(
      builderConfig({ root, stageDir: '/s', electronVersion, env: PackagingEnv.parse({ APPLE_TEAM_ID: 'ABCDE12345' }) }).mac?.notarize,
    ).toBe(true);
  });

  it('gives the deb a maintainer, the udev rules and a postinst that sets up the device groups', () => {
    expect(config.linux?.maintainer).toBe('Shop IT <it@shop.example>');
    expect(config.deb?.fpm).toEqual([`${join(root, 'build', 'linux', UDEV_RULES)}=/usr/lib/udev/rules.d/${UDEV_RULES}`]);
    const postinst = readFileSync(config.deb!.afterInstall!, 'utf8');
    expect(postinst).toMatch(/usermod -a -G "\$GROUP"/);
    expect(postinst).toContain('for GROUP in dialout lp');
    expect(postinst).toContain('udevadm control --reload-rules');
    expect(postinst).toContain('chrome-sandbox');
    for (const script of [config.deb!.afterInstall!, config.deb!.afterRemove!]) {
      // electron-builder substitutes every ${name} and fails on names it does not know.
      const macros = [...readFileSync(script, 'utf8').matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]);
      expect(new Set(macros)).toEqual(new Set(['executable', 'sanitizedProductName']));
      execFileSync('bash', ['-n', script]);
    }
  });

  it('has udev rules that give the seat user and the dialout/lp groups the station hardware, nothing wider', () => {
    const rules = readFileSync(join(root, 'build', 'linux', UDEV_RULES), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      expect(rule).toMatch(/^SUBSYSTEM=="(tty|usb|usbmisc)"/);
      expect(rule).toContain('MODE="0660"');
      expect(rule).toContain('TAG+="uaccess"');
      expect(rule).toMatch(/GROUP="(dialout|lp)"/);
    }
    expect(rules.some((rule) => rule.includes('ttyUSB'))).toBe(true);
    expect(rules.some((rule) => rule.includes('usbmisc'))).toBe(true);
  });
});

describe('the packaging stage', () => {
  let work: string;
  let stage: string;
  let externals: string[];
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pos-stage-'));
    const dist = join(work, 'dist');
    externals = (await buildElectron(join(dist, 'electron'))).externals;
    mkdirSync(join(dist, 'renderer'), { recursive: true });
    writeFileSync(join(dist, 'renderer', 'index.html'), '<!doctype html><title>POS</title>');
    stage = join(work, 'stage');
    stageApp({ root, stageDir: stage, externals, distDir: dist });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the bundles, an ESM package.json pointing at main, and every package they import', () => {
    const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as {
      main: string;
      type: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.type).toBe('module');
    expect(existsSync(join(stage, pkg.main))).toBe(true);
    expect(existsSync(join(stage, 'dist', 'electron', 'core.js'))).toBe(true);
    expect(existsSync(join(stage, 'dist', 'electron', 'preload.cjs'))).toBe(true);
    expect(existsSync(join(stage, 'dist', 'electron', 'main.js.map'))).toBe(false);
    expect(externals).toEqual(expect.arrayContaining(['better-sqlite3', 'electron', 'electron-updater', 'pino', 'ws', 'zod']));
    for (const name of externals.filter((n) => n !== 'electron')) {
      expect(existsSync(join(stage, 'node_modules', name, 'package.json'))).toBe(true);
      expect(pkg.dependencies[name]).toBeDefined();
    }
  });

  it('leaves out what only development, the server or the renderer bundle need', () => {
    for (const name of ['react', 'fastify', '@electric-sql/pglite', 'vitest', 'electron', 'typescript', 'vite']) {
      expect(existsSync(join(stage, 'node_modules', name))).toBe(false);
    }
  });

  it('drops the Node-ABI build of better-sqlite3 so only the Electron rebuild can ship', () => {
    expect(existsSync(join(stage, 'node_modules', 'better-sqlite3', 'binding.gyp'))).toBe(true);
    expect(existsSync(join(stage, 'node_modules', 'better-sqlite3', 'build'))).toBe(false);
    expect(existsSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });

  it('is a complete dependency tree as npm (and electron-builder after it) sees it', () => {
    const listing = JSON.parse(execFileSync('npm', ['ls', '--all', '--omit=dev', '--json'], { cwd: stage, encoding: 'utf8' })) as {
      problems?: string[];
    };
    expect(listing.problems ?? []).toEqual([]);
  }, 60_000);

  it('refuses bundles that import a package users would not get', () => {
    expect(() => stageApp({ root, stageDir: join(work, 'bad'), externals: ['vitest'], distDir: join(work, 'dist') })).toThrow(/vitest/);
  });

  it('reads the ABI a native module was built for (how packaging tells a Node build from an Electron one)', () => {
    const binary = readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect(nativeModuleAbi(binary)).toBe(Number(process.versions.modules));
    expect(nativeModuleAbi(Buffer.from('no symbol here'))).toBeUndefined();
  });
});

describe('the Electron-ABI stage (packaging and npm start under Electron)', () => {
  it('rebuilds for Electron, keeps that build across restaging, and refuses a build for the wrong ABI', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pos-electron-stage-'));
    try {
      const dist = join(work, 'dist');
      mkdirSync(join(dist, 'electron'), { recursive: true });
      mkdirSync(join(dist, 'renderer'), { recursive: true });
      writeFileSync(join(dist, 'electron', 'main.js'), '');
      writeFileSync(join(dist, 'renderer', 'index.html'), '');
      const { version, abi } = electronRuntime(root);
      expect(abi).toBeGreaterThan(Number(process.versions.modules));
      const stageDir = join(work, 'stage');
      const binary = join(stageDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      let rebuilds = 0;
      // Stands in for @electron/rebuild (which needs Electron's headers from the network): writes what a build for `writes` exports.
      const fakeRebuild = (writes: number) => async (dir: string) => {
        rebuilds++;
        mkdirSync(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
        writeFileSync(
          join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
          `\0node_register_module_v${writes}\0`,
        );
      };
      const input = { root, stageDir, externals: ['better-sqlite3'], distDir: dist, electronVersion: version, abi };
      await prepareElectronStage({ ...input, rebuild: fakeRebuild(abi) });
      expect(rebuilds).toBe(1);
      await prepareElectronStage({ ...input, rebuild: fakeRebuild(abi) });
      expect(rebuilds).toBe(1);
      expect(nativeModuleAbi(readFileSync(binary))).toBe(abi);
      // A stage left with Node's build is rebuilt; a rebuild that still yields Node's ABI is refused.
      writeFileSync(binary, readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
      await expect(prepareElectronStage({ ...input, rebuild: fakeRebuild(Number(process.versions.modules)) })).rejects.toThrow(
        new RegExp(`built for ABI ${process.versions.modules}, Electron ${version.replaceAll('.', '\\.')} needs ${abi}`),
      );
      expect(rebuilds).toBe(2);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Pixels of a PNG written by encodePng (8-bit RGBA, filter 0 on every row). */
function decodePng(png: Buffer): { size: number; pixels: Buffer } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const size = png.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) raw.copy(pixels, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  return { size, pixels };
}

describe('the committed icons', () => {
  it('are what scripts/generate-icons.ts draws', () => {
    for (const size of [16, 64]) {
      const { size: read, pixels } = decodePng(readFileSync(join(root, 'build', 'icons', `${size}x${size}.png`)));
      expect(read).toBe(size);
      expect(pixels.equals(Buffer.from(renderIcon(size)))).toBe(true);
    }
  });

  it('hold every size in the ICO and the ICNS', () => {
    const ico = readFileSync(join(root, 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length);
    ICO_SIZES.forEach((size, i) => {
      const entry = 6 + 16 * i;
      expect(ico.readUInt8(entry) || 256).toBe(size);
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      expect(decodePng(png).size).toBe(size);
    });
    const icns = readFileSync(join(root, 'build', 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4))
      types.push(icns.toString('ascii', offset, offset + 4));
    expect(types).toEqual(ICNS_SIZES.map((size) => ICNS_TYPES[size]));
  });
});
