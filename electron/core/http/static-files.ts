import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { windowSecurityHeaders } from './csp.js';

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

/** Window pages: each is the single-page app, which picks its window from the path. */
const WINDOW_PATHS = new Set(['/', '/cashier', '/kitchen', '/customer', '/diagnostics']);

// The same policy as Electron's app:// windows, on every answer (errors too), not only on pages.
const SECURITY_HEADERS = windowSecurityHeaders('browser');

/** Serves the built renderer. Paths are confined to `rootDir`; anything else is a 404. */
export function createStaticHandler(rootDir: string) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodePath(request.url);
    if (pathname === undefined) {
      response.writeHead(400, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('bad path');
      return;
    }
    if (pathname === '/healthz') {
      response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' }).end('{"ok":true}');
      return;
    }
    // "/kitchen/" resolves the page's relative asset URLs under /kitchen/assets/: same files.
    const assetAt = pathname.indexOf('/assets/');
    const relative = WINDOW_PATHS.has(pathname) ? 'index.html' : assetAt >= 0 ? pathname.slice(assetAt + 1) : pathname.slice(1);
    const file = normalize(join(rootDir, relative));
    if (!file.startsWith(rootDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (relative === 'index.html') {
        response
          .writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
          .end(`The station UI is not built. Run "npm run build:renderer" (looked in ${rootDir}).`);
        return;
      }
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed asset names are immutable; the page itself must always be fresh.
      'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  };
}

function decodePath(url: string | undefined): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://station.invalid').pathname);
    return pathname.includes('\0') ? undefined : pathname.replace(/\/+$/, '') || '/';
  } catch {
    return undefined;
  }
}
