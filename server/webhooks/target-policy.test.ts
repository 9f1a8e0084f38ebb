import { createServer as createTlsServer } from 'node:tls';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postPinned } from './pinned-post.js';
import { TargetPolicy } from './target-policy.js';

const fixed = (table: Record<string, string[]>) => async (hostname: string) =>
  (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('TargetPolicy', () => {
  const policy = new TargetPolicy();

  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.251',
    '255.255.255.255',
    '198.18.0.1',
    '[::1]',
    '[::]',
    '[fe80::1]',
    '[fc00::1]',
    '[fd12:3456::1]',
    '[ff02::1]',
    '[::ffff:10.0.0.1]',
    '[::ffff:a9fe:a9fe]',
    '[64:ff9b::a00:1]',
    '[2002:a00:1::1]',
    '[2001:db8::1]',
  ])('refuses the address %s', (host) => {
    expect(policy.refusal(`https://${host}/hooks`)).toMatch(/not allowed/);
  });

  it.each(['https://93.184.216.34/x', 'http://8.8.8.8/x', 'https://[2606:4700:4700::1111]/x', 'https://shop.example.com:8443/x'])(
    'accepts %s',
    (url) => {
      expect(policy.refusal(url)).toBeUndefined();
    },
  );

  it.each([
    ['https://shop.example.com:22/x', /port 22 is not allowed/],
    ['http://93.184.216.34:6379/x', /port 6379 is not allowed/],
    ['https://user:pw@shop.example.com/x', /credentials/],
    ['file:///etc/passwd', /only http and https/],
    ['http://localhost/x', /loopback/],
    ['http://a.b.localhost/x', /loopback/],
    ['nonsense', /not a URL/],
  ])('refuses %s', (url, reason) => {
    expect(policy.refusal(url)).toMatch(reason);
  });

  it('checks every address a name resolves to and pins the first', async () => {
    const names = new TargetPolicy({
      resolve: fixed({
        'public.test': ['93.184.216.34', '2606:4700:4700::1111'],
        'mixed.test': ['93.184.216.34', '10.1.2.3'],
        'mapped.test': ['::ffff:127.0.0.1'],
        'nothing.test': [],
      }),
    });
    expect(await names.pin('https://public.test/hooks?x=1')).toMatchObject({
      ok: true,
      target: { host: 'public.test', port: 443, address: '93.184.216.34', family: 4 },
    });
    expect(await names.pin('https://mixed.test/x')).toEqual({ ok: false, error: expect.stringMatching(/mixed.test resolves to 10.1.2.3/) });
    expect(await names.pin('https://mapped.test/x')).toEqual({ ok: false, error: expect.stringMatching(/resolves to ::ffff:127.0.0.1/) });
    expect(await names.pin('https://nothing.test/x')).toEqual({ ok: false, error: expect.stringMatching(/no address/) });
    const failing = new TargetPolicy({ resolve: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })) });
    expect(await failing.pin('https://gone.test/x')).toEqual({ ok: false, error: 'cannot resolve gone.test: ENOTFOUND' });
  });

  it('lets allowed networks through on any port, and nothing else', async () => {
    const lab = new TargetPolicy({
      allowNetworks: ['127.0.0.0/8', '10.20.0.0/16'],
      resolve: fixed({ 'erp.test': ['10.20.1.5'], 'db.test': ['10.21.0.1'] }),
    });
    expect(lab.refusal('http://127.0.0.1:9999/x')).toBeUndefined();
    expect(lab.refusal('http://[::ffff:127.0.0.1]:9999/x')).toBeUndefined();
    expect(lab.refusal('http://192.168.0.1/x')).toMatch(/not allowed/);
    expect((await lab.pin('http://erp.test:8080/x')).ok).toBe(true);
    expect(await lab.pin('http://db.test:5432/x')).toEqual({ ok: false, error: expect.stringMatching(/db.test resolves to 10.21.0.1/) });
    expect(() => new TargetPolicy({ allowNetworks: ['10.0.0.0/33'] })).toThrow(/CIDR/);
    expect(() => new TargetPolicy({ allowNetworks: ['intranet'] })).toThrow(/CIDR/);
  });
});

describe('postPinned', () => {
  it('connects to the pinned address while the Host header keeps the name', async () => {
    let seen: IncomingHttpHeaders | undefined;
    const server = createServer((request, response) => {
      seen = request.headers;
      request.resume();
      request.on('end', () => response.writeHead(202).end('ignored body'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const policy = new TargetPolicy({ allowNetworks: ['127.0.0.1/32'], resolve: fixed({ 'shop.test': ['127.0.0.1'] }) });
      const pinned = await policy.pin(`http://shop.test:${port}/hooks`);
      if (!pinned.ok) throw new Error(pinned.error);
      const status = await postPinned(pinned.target, { 'content-type': 'application/json' }, '{"a":1}', new AbortController().signal);
      expect(status).toBe(202);
      expect(seen).toMatchObject({ host: `shop.test:${port}`, 'content-length': '7' });
    } finally {
      server.close();
    }
  });

  it('sends the name as the TLS server name to the pinned address', async () => {
    let serverName: string | undefined;
    const tls = createTlsServer({
      SNICallback: (name, callback) => {
        serverName = name;
        callback(new Error('no certificate here'));
      },
    });
    tls.on('tlsClientError', () => undefined);
    await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
    const { port } = tls.address() as AddressInfo;
    try {
      const policy = new TargetPolicy({ allowNetworks: ['127.0.0.1/32'], resolve: fixed({ 'secure.shop.test': ['127.0.0.1'] }) });
      const pinned = await policy.pin(`https://secure.shop.test:${port}/hooks`);
      if (!pinned.ok) throw new Error(pinned.error);
      await expect(postPinned(pinned.target, {}, '{}', new AbortController().signal)).rejects.toThrow();
      expect(serverName).toBe('secure.shop.test');
    } finally {
      tls.close();
    }
  });
});
