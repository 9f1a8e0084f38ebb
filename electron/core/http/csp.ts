/**
 * The one Content-Security-Policy of the station windows, for both ways they are served: Electron's
 * `app://` protocol and browser mode's HTTP server. Scripts and styles come from the bundle only (no
 * inline code, no eval); nothing may be framed, embedded or posted anywhere.
 */
export type WindowTransport = 'electron' | 'browser';

function directives(transport: WindowTransport): string[] {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // Electron windows reach the core through the preload only; a browser window opens its WebSocket
    // to the page's own host ('self' covers ws:/wss: of the same host in CSP Level 3 browsers).
    transport === 'electron' ? "connect-src 'none'" : "connect-src 'self'",
    "manifest-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "worker-src 'none'",
    "child-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
}

export function windowCsp(transport: WindowTransport): string {
  return directives(transport).join('; ');
}

/** Headers every window response carries, errors included. */
export function windowSecurityHeaders(transport: WindowTransport): Record<string, string> {
  return {
    'Content-Security-Policy': windowCsp(transport),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
