import { currencyMark, formatMinorUnits } from '../util/minor-units.js';
import { fit, leftRight, transliterate } from './display-text.js';

/** Two lines of text for a 2×20 display. */
export type DisplayFrame = readonly [string, string];

export interface FrameOptions {
  width?: number;
  /** The display's code page: text is transliterated before it is laid out, so "€" → "EUR" still fits. */
  encoding?: string;
}

export interface LineAndTotal {
  name: string;
  quantity?: number;
  amountMinor: number;
  totalMinor: number;
  currency: string;
}

function layout(options: FrameOptions): { width: number; t: (text: string) => string } {
  const encoding = options.encoding ?? 'cp437';
  return { width: options.width ?? 20, t: (text) => transliterate(text, encoding) };
}

/** The line just added and the running total. */
export function lineAndTotalFrame(view: LineAndTotal, options: FrameOptions = {}): DisplayFrame {
  const { width, t } = layout(options);
  const name = view.quantity !== undefined && view.quantity !== 1 ? `${view.quantity}x ${view.name}` : view.name;
  return [
    leftRight(t(name), formatMinorUnits(view.amountMinor, view.currency), width),
    leftRight('TOTAL', t(`${formatMinorUnits(view.totalMinor, view.currency)} ${currencyMark(view.currency)}`), width),
  ];
}

/** After payment: what was paid and the change due. */
export function changeFrame(view: { paidMinor: number; changeMinor: number; currency: string }, options: FrameOptions = {}): DisplayFrame {
  const { width, t } = layout(options);
  return [
    leftRight('PAID', formatMinorUnits(view.paidMinor, view.currency), width),
    leftRight('CHANGE', t(`${formatMinorUnits(view.changeMinor, view.currency)} ${currencyMark(view.currency)}`), width),
  ];
}

export function idleFrame(storeName: string, message = 'Welcome!', options: FrameOptions = {}): DisplayFrame {
  const { width, t } = layout(options);
  return [fit(t(storeName), width, 'center'), fit(t(message), width, 'center')];
}
