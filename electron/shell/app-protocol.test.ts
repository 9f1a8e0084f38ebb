import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCsp } from '../core/http/csp.js';
import { createStaticHandler } from '../core/http/static-files.js';
import { tempDir } from '../core/testing/fixtures.js';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.js';

let dir: ReturnType<typeof tempDir>;
let rendererDir: string;

beforeAll(() => {
  dir = tempDir('app-protocol');
  rendererDir = join(dir.path, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>POS</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir.path, 'secret.txt'), 'station tokens');
  // A symlink inside the renderer pointing out of it must not be followed out.
  symlinkSync(join(dir.path, 'secret.txt'), join(rendererDir, 'assets', 'link.js'));
});
afterAll(() => dir.remove());

const get = (url: string, method = 'GET') => createAppProtocolHandler(rendererDir)(new Request(url, { method }));

describe('the app:// protocol (Electron windows)', () => {
  it('serves the renderer with the strict CSP and a content type', async () => {
    const page = await get(`${APP_ORIGIN}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>POS</title>');
    const script = await get(`${APP_ORIGIN}/assets/index-abc.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get(`${APP_ORIGIN}/`)).status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['an encoded parent', `${APP_ORIGIN}/%2e%2e/secret.txt`],
    ['an encoded slash and parent', `${APP_ORIGIN}/assets%2f..%2f..%2fsecret.txt`],
    ['a double-encoded parent', `${APP_ORIGIN}/%252e%252e/secret.txt`],
    ['a backslash parent', `${APP_ORIGIN}/..%5csecret.txt`],
    ['a symlink out of the renderer', `${APP_ORIGIN}/assets/link.js`],
    ['a NUL byte', `${APP_ORIGIN}/index.html%00.js`],
    ['a missing file', `${APP_ORIGIN}/nope.js`],
    ['a directory', `${APP_ORIGIN}/assets`],
    ['another host', 'app://evil/index.html'],
    ['an absolute path', `${APP_ORIGIN}//etc/passwd`],
  ])('refuses %s, with the CSP on the refusal', async (_name, url) => {
    const response = await get(url);
    expect([400, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('station tokens');
    expect(response.headers.get('content-security-policy')).toBe(windowCsp('electron'));
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(`${APP_ORIGIN}/index.html`, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(`${APP_ORIGIN}/index.html`, 'POST')).status).toBe(405);
  });

  it('is registered standard and secure, without bypassing CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });
});

describe('browser mode serves the same CSP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(createStaticHandler(rendererDir));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['/cashier', '/assets/index-abc.js', '/nope.js', '/%2e%2e/secret.txt', '/healthz'])('%s carries the CSP', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.headers.get('content-security-policy')).toBe(windowCsp('browser'));
    expect(await response.text()).not.toContain('station tokens');
  });

  it('lets a browser window open its WebSocket only to its own host', () => {
    const csp = windowCsp('browser');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/ws:|wss:|\*|unsafe-/);
  });
});
