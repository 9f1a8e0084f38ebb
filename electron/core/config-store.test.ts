import { describe, expect, it } from 'vitest';
import { ConfigError, parseStationConfig, storeHeader } from './config.js';

describe('the store section of station.json', () => {
  it('is the name alone when absent: no address, no tax id', () => {
    expect(storeHeader(parseStationConfig({ storeName: 'Cafe Lumen' }, 'test'))).toEqual({ name: 'Cafe Lumen', addressLines: [] });
  });

  it('gives receipts the address lines and the tax id, trimmed', () => {
    const config = parseStationConfig(
      { storeName: 'Cafe Lumen', store: { address: [' 12 Quai des Arts ', '69002 Lyon'], taxId: ' FR12345678901 ' } },
      'test',
    );
    expect(storeHeader(config)).toEqual({ name: 'Cafe Lumen', addressLines: ['12 Quai des Arts', '69002 Lyon'], taxId: 'FR12345678901' });
  });

  it('refuses what would not fit the paper or is not the store’s, naming the field', () => {
    expect(() => parseStationConfig({ store: { address: ['x'.repeat(49)] } }, 'station.json')).toThrow(/→ at store\.address\[0\]/);
    expect(() => parseStationConfig({ store: { address: ['a', 'b', 'c', 'd', 'e'] } }, 'station.json')).toThrow(ConfigError);
    expect(() => parseStationConfig({ store: { address: [], taxId: '' } }, 'station.json')).toThrow(/→ at store\.taxId/);
    expect(() => parseStationConfig({ store: { address: [], phone: '123' } }, 'station.json')).toThrow(ConfigError);
  });
});
