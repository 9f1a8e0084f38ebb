/**
 * `npm run icons`: writes the packaging icons into build/ (committed; rerun after changing the
 * drawing in icon-render.ts). Linux: build/icons/NxN.png; Windows: build/icon.ico; macOS: build/icon.icns.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeIco, encodeIcns, encodePng, renderIcon } from './icon-render.js';

export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;

export function iconFiles(): Map<string, Buffer> {
  const pngs = new Map<number, Buffer>();
  const png = (size: number) => {
    let encoded = pngs.get(size);
    if (!encoded) pngs.set(size, (encoded = encodePng(size, renderIcon(size))));
    return encoded;
  };
  const files = new Map<string, Buffer>();
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, png(size));
  files.set('icon.png', png(1024));
  files.set('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  files.set('icon.icns', encodeIcns(ICNS_SIZES.map((size) => ({ size, png: png(size) }))));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const buildDir = resolve(import.meta.dirname, '..', 'build');
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const [name, bytes] of iconFiles()) writeFileSync(join(buildDir, name), bytes);
  console.log(`Icons written to ${buildDir}`);
}
