import { describe, expect, it } from 'vitest';
import { defaultKitchenSettings, loadKitchenSettings, parseKitchenSettings, saveKitchenSettings } from './kitchen-settings.js';
import { lastHeardText } from './last-heard.js';

describe('kitchen settings', () => {
  it('round-trips through storage, per screen', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const settings = {
      ...defaultKitchenSettings,
      view: { kind: 'station', station: 'grill' } as const,
      muted: true,
      thresholds: { warnMinutes: 4, lateMinutes: 6 },
    };
    saveKitchenSettings(storage, settings);
    expect(loadKitchenSettings(storage)).toEqual(settings);
  });

  it('falls back field by field on bad input', () => {
    expect(parseKitchenSettings('not json')).toEqual(defaultKitchenSettings);
    expect(parseKitchenSettings(JSON.stringify({ thresholds: { warnMinutes: 9, lateMinutes: 3 }, view: 'expo' }))).toMatchObject({
      view: { kind: 'expo' },
      thresholds: { warnMinutes: 9, lateMinutes: 10 },
      muted: false,
    });
    expect(
      loadKitchenSettings({
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {},
      }),
    ).toEqual(defaultKitchenSettings);
  });
});

describe('last heard from the station core', () => {
  it('counts seconds since the last frame and warns when stale', () => {
    expect(lastHeardText({ status: 'online', lastActivityAt: 1_000, nowMs: 4_000, staleAfterMs: 10_000 })).toEqual({
      tone: 'ok',
      text: 'Station core heard 3 s ago',
    });
    expect(lastHeardText({ status: 'online', lastActivityAt: 1_000, nowMs: 15_000, staleAfterMs: 10_000 }).tone).toBe('stale');
    expect(lastHeardText({ status: 'offline', lastActivityAt: 1_000, nowMs: 2_000, staleAfterMs: 10_000 }).tone).toBe('stale');
    expect(lastHeardText({ status: 'online', lastActivityAt: undefined, nowMs: 0, staleAfterMs: 10_000 }).tone).toBe('ok');
  });
});
