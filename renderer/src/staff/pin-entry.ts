/** The PIN being typed on the pad: digits only, at most 8 (the longest PIN a station accepts). */
export const PIN_MAX = 8;
export const PIN_MIN = 4;

export type PinKey = { kind: 'digit'; digit: string } | { kind: 'backspace' } | { kind: 'clear' };

export function pressPinKey(pin: string, key: PinKey): string {
  switch (key.kind) {
    case 'digit':
      return /^\d$/.test(key.digit) && pin.length < PIN_MAX ? pin + key.digit : pin;
    case 'backspace':
      return pin.slice(0, -1);
    case 'clear':
      return '';
  }
}

export const pinComplete = (pin: string): boolean => pin.length >= PIN_MIN && pin.length <= PIN_MAX;

/** Maps a physical key to a pad key; undefined for keys the pad ignores (Enter is handled apart). */
export function pinKeyFor(key: string): PinKey | undefined {
  if (/^\d$/.test(key)) return { kind: 'digit', digit: key };
  if (key === 'Backspace') return { kind: 'backspace' };
  if (key === 'Escape' || key === 'Delete') return { kind: 'clear' };
  return undefined;
}
