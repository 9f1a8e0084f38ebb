import { describe, expect, it } from 'vitest';
import type { PushEventName } from '../../../shared/ipc/contract.js';
import { COMMAND_NAMES } from '../../../shared/ipc/command-names.js';
import type { PreloadApi } from '../../../shared/ipc/preload-api.js';
import { makeOrder } from '../testing/fake-station.js';
import { ElectronBridge, readPreloadApi } from './electron-bridge.js';

function fakePreload(answer: unknown) {
  let push: ((name: PushEventName, payload: unknown) => void) | null = null;
  const reply = async () => answer as never;
  const api: PreloadApi = {
    // Every contract command answers the same canned reply.
    commands: Object.fromEntries(COMMAND_NAMES.map((name) => [name, reply])) as unknown as PreloadApi['commands'],
    onPush: (listener) => {
      push = listener;
      return () => {
        push = null;
      };
    },
  };
  return { api, push: (name: PushEventName, payload: unknown) => push?.(name, payload) };
}

describe('electron-bridge', () => {
  it('calls the named preload function and checks the answer against the contract', async () => {
    const order = makeOrder();
    const good = new ElectronBridge(fakePreload({ ok: true, value: order }).api, () => {});
    await expect(good.invoke('order.open', {})).resolves.toEqual({ ok: true, value: order });

    const bad = new ElectronBridge(fakePreload({ ok: true, value: { nope: 1 } }).api, () => {});
    await expect(bad.invoke('order.open', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });

    const failed = new ElectronBridge(fakePreload({ ok: false, error: { code: 'not_found', message: 'gone' } }).api, () => {});
    await expect(failed.invoke('order.open', {})).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } });
  });

  it('validates pushes and stops listening on dispose', () => {
    const errors: string[] = [];
    const preload = fakePreload(null);
    const bridge = new ElectronBridge(preload.api, (message) => errors.push(message));
    const seen: string[] = [];
    bridge.on('order.changed', (order) => seen.push(order.id));
    const order = makeOrder();
    preload.push('order.changed', order);
    preload.push('order.changed', { id: 'x' });
    expect(seen).toEqual([order.id]);
    expect(errors).toEqual(['dropped invalid "order.changed" push from the station']);
    bridge.dispose();
    preload.push('order.changed', order);
    expect(seen).toHaveLength(1);
  });

  it('is always online', () => {
    const bridge = new ElectronBridge(fakePreload(null).api, () => {});
    const states: string[] = [];
    bridge.onConnection((s) => states.push(s.status));
    expect(states).toEqual(['online']);
  });

  it('recognises only a preload-shaped window.pos', () => {
    expect(readPreloadApi(undefined)).toBeNull();
    expect(readPreloadApi({ commands: {} })).toBeNull();
    const { api } = fakePreload(null);
    expect(readPreloadApi(api)).toBe(api);
  });
});
