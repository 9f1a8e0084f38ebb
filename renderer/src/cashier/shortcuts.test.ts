import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts.js';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('cashier shortcuts', () => {
  it('maps function keys and Alt letters to actions', () => {
    expect(shortcutFor(key('F4'))).toBe('tender');
    expect(shortcutFor(key('F6'))).toBe('details');
    expect(shortcutFor(key('F7'))).toBe('openOrders');
    expect(shortcutFor(key('F8'))).toBe('sendToKitchen');
    expect(shortcutFor(key('n', { altKey: true }))).toBe('newOrder');
    expect(shortcutFor(key('N', { altKey: true }))).toBe('newOrder');
    expect(shortcutFor(key('d', { altKey: true }))).toBe('discount');
  });

  it('leaves everything else to the browser and the fields', () => {
    expect(shortcutFor(key('F5'))).toBeNull();
    expect(shortcutFor(key('n'))).toBeNull();
    expect(shortcutFor(key('F8', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('n', { altKey: true, shiftKey: true }))).toBeNull();
  });
});
