import { describe, expect, it } from 'vitest';
import { ConfigError, parseStationConfig } from './config.js';

const withServer = (url: string) => parseStationConfig({ server: { url, token: 'station-secret-0123456789' } }, 'station.json');

describe('server.url', () => {
  it.each([
    'https://pos.example.com',
    'https://10.0.0.5:8443/base',
    'http://127.0.0.1:4000',
    'http://127.9.8.7',
    'http://localhost:3000',
    'http://[::1]:4000',
  ])('accepts %s', (url) => {
    expect(withServer(url).server?.url).toBe(url);
  });

  it.each([
    'http://pos.example.com',
    'http://10.0.0.5:4000',
    'http://192.168.1.20',
    'http://[fe80::1]:4000',
    'http://localhost.example.com',
    'http://128.0.0.1',
  ])('refuses %s: the token would cross the network in clear', (url) => {
    expect(() => withServer(url)).toThrow(ConfigError);
    expect(() => withServer(url)).toThrow(/https:\/\/ unless[\s\S]*at server\.url/);
  });

  it.each(['ftp://pos.example.com', 'ws://127.0.0.1:4000', 'file:///tmp/x'])('refuses the scheme of %s', (url) => {
    expect(() => withServer(url)).toThrow(/server\.url/);
  });
});
