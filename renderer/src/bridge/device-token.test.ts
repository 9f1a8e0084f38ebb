import { describe, expect, it } from 'vitest';
import { forgetDeviceToken, readDeviceToken, requestPairing, saveDeviceToken, type DeviceStorage } from './device-token.js';

function memoryStorage(): DeviceStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const throwing: DeviceStorage = {
  getItem: () => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('denied');
  },
  removeItem: () => {
    throw new Error('denied');
  },
};

describe('device token', () => {
  it('keeps one token per role, and survives storage that throws', () => {
    const storage = memoryStorage();
    expect(saveDeviceToken(storage, 'kitchen', 'k'.repeat(32))).toBe(true);
    expect(readDeviceToken(storage, 'kitchen')).toBe('k'.repeat(32));
    expect(readDeviceToken(storage, 'customer')).toBeNull();
    forgetDeviceToken(storage, 'kitchen');
    expect(readDeviceToken(storage, 'kitchen')).toBeNull();
    expect(saveDeviceToken(throwing, 'kitchen', 'x')).toBe(false);
    expect(readDeviceToken(throwing, 'kitchen')).toBeNull();
    expect(() => forgetDeviceToken(throwing, 'kitchen')).not.toThrow();
  });

  it('posts the code as JSON and reads the token, or the station’s reason', async () => {
    const sent: RequestInit[] = [];
    const answer = (status: number, body: unknown): typeof fetch =>
      ((_url: string, init: RequestInit) => {
        sent.push(init);
        return Promise.resolve(new Response(JSON.stringify(body), { status }));
      }) as typeof fetch;
    expect(await requestPairing(answer(200, { token: 't'.repeat(32), role: 'kitchen', deviceId: 'd' }), ' 123456 ', 'Tablet')).toEqual({
      ok: true,
      token: 't'.repeat(32),
      role: 'kitchen',
    });
    expect(sent[0]).toMatchObject({ method: 'POST', body: JSON.stringify({ code: '123456', name: 'Tablet' }) });
    expect(await requestPairing(answer(403, { error: 'That code is wrong or has expired' }), '1', 'T')).toEqual({
      ok: false,
      message: 'That code is wrong or has expired',
    });
    expect(await requestPairing(answer(502, 'gateway'), '1', 'T')).toEqual({ ok: false, message: 'The station refused (502)' });
    const down = (() => Promise.reject(new TypeError('network'))) as typeof fetch;
    expect(await requestPairing(down, '1', 'T')).toMatchObject({
      ok: false,
      message: expect.stringContaining('did not answer') as unknown,
    });
  });
});
