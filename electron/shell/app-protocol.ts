import type { CustomScheme } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { windowSecurityHeaders } from '../core/http/csp.js';

/**
 * The station windows' own origin. A custom scheme instead of file:// gives the pages an origin of
 * their own (no reading of other local files), lets every response carry a CSP header, and gives the
 * IPC sender check one exact prefix to compare against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What `protocol.registerSchemesAsPrivileged` gets before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  // standard: relative URLs and an origin; secure: treated like https (no mixed-content downgrade);
  // supportFetchAPI and corsEnabled: Chromium loads `<script type="module" crossorigin>` through them.
  // Not bypassCSP: the CSP header must hold.
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const satisfies CustomScheme;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function appUrl(page: string, hash?: string): string {
  return `${APP_ORIGIN}/${page}${hash ? `#${hash}` : ''}`;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...windowSecurityHeaders('electron'), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * The `protocol.handle('app', …)` handler: serves the built renderer from `rendererDir` and nothing
 * else. Another host, a path leaving the directory (`..`, encoded or not, or a symlink pointing out),
 * a NUL byte or a method other than GET/HEAD is refused; every answer carries the window CSP.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = normalize(rendererDir);
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'bad url');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'not found');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return plain(400, 'bad path');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return plain(400, 'bad path');
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep)) return plain(404, 'not found');
    try {
      realRoot ??= realpath(root);
      const [real, base] = await Promise.all([realpath(file), realRoot]);
      if (!real.startsWith(base + sep) || !(await stat(real)).isFile()) return plain(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: {
          ...windowSecurityHeaders('electron'),
          'Content-Type': CONTENT_TYPES[extname(real)] ?? 'application/octet-stream',
        },
      });
    } catch {
      return plain(404, 'not found');
    }
  };
}
