import { describe, expect, it } from 'vitest';
import { ACTION_KEYS, CASHIER_KEY_HELP, fieldKind, fieldNeedsKey, shortcutFor, startsSearch } from './shortcuts.js';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; code: string }> = {}) => ({
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

  it('reads Alt+letter by the physical key where Alt types a character (macOS)', () => {
    expect(shortcutFor(key('∂', { altKey: true, code: 'KeyD' }))).toBe('discount');
    expect(shortcutFor(key('˜', { altKey: true, code: 'KeyN' }))).toBe('newOrder');
  });

  it('leaves everything else to the browser and the fields', () => {
    expect(shortcutFor(key('F5'))).toBeNull();
    expect(shortcutFor(key('n'))).toBeNull();
    expect(shortcutFor(key('F8', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('n', { altKey: true, shiftKey: true }))).toBeNull();
  });

  it('lists every action key in the "?" overlay', () => {
    const listed = CASHIER_KEY_HELP.map((k) => k.keys);
    for (const k of Object.values(ACTION_KEYS)) expect(listed).toContain(k);
    for (const k of ['/', 'F2', '?', 'Alt+C']) expect(listed).toContain(k);
  });
});

describe('which keys a focused field keeps for itself', () => {
  const input = (type: string, inputMode = '') => ({ tagName: 'INPUT', type, inputMode, readOnly: false });

  it('tells text fields, amount and barcode fields, selects and everything else apart', () => {
    expect(fieldKind(input('search'))).toBe('text');
    expect(fieldKind({ tagName: 'TEXTAREA', readOnly: false })).toBe('text');
    expect(fieldKind({ tagName: 'DIV', isContentEditable: true })).toBe('text');
    expect(fieldKind(input('text', 'decimal'))).toBe('numeric');
    expect(fieldKind(input('text', 'numeric'))).toBe('numeric');
    expect(fieldKind({ tagName: 'SELECT' })).toBe('select');
    // The "Dine in" radio the cashier just chose: it types nothing.
    expect(fieldKind(input('radio'))).toBe('none');
    expect(fieldKind(input('checkbox'))).toBe('none');
    expect(fieldKind({ tagName: 'BUTTON' })).toBe('none');
    expect(fieldKind({ ...input('text'), readOnly: true })).toBe('none');
    expect(fieldKind(null)).toBe('none');
  });

  it('"/" and "?" are shortcuts everywhere but free text; letters belong to text, barcode and select fields', () => {
    expect(fieldNeedsKey('text', '/')).toBe(true);
    expect(fieldNeedsKey('text', '?')).toBe(true);
    expect(fieldNeedsKey('numeric', '/')).toBe(false);
    expect(fieldNeedsKey('numeric', '?')).toBe(false);
    expect(fieldNeedsKey('numeric', 'A')).toBe(true);
    expect(fieldNeedsKey('select', 'c')).toBe(true);
    expect(fieldNeedsKey('select', '/')).toBe(false);
    expect(fieldNeedsKey('none', '/')).toBe(false);
  });

  it('a letter typed where no field wants it starts a menu search; digits stay the scanner’s', () => {
    expect(startsSearch(key('l'), 'none')).toBe(true);
    expect(startsSearch(key('É'), 'none')).toBe(true);
    expect(startsSearch(key('7'), 'none')).toBe(false);
    expect(startsSearch(key(' '), 'none')).toBe(false);
    expect(startsSearch(key('Enter'), 'none')).toBe(false);
    expect(startsSearch(key('l', { altKey: true }), 'none')).toBe(false);
    expect(startsSearch(key('l'), 'text')).toBe(false);
    expect(startsSearch(key('l'), 'select')).toBe(false);
  });
});
