import { resolve } from 'node:path';

/**
 * The built renderer the e2e stations serve. `E2E_RENDERER_DIR` lets several checkouts (or people)
 * build and test side by side without overwriting each other's bundle.
 */
export const rendererDir = process.env.E2E_RENDERER_DIR
  ? resolve(process.env.E2E_RENDERER_DIR)
  : resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');
