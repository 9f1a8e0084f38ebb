/**
 * Bump-bar and keyboard navigation over the ticket grid, as a pure reducer: the component feeds it
 * keys and the number of cards and columns, and performs the returned command. Bump bars send plain
 * keys (digits, arrows, Enter), so one mapping serves both.
 */
export interface NavState {
  /** Index of the focused card, or -1 before any card was focused. */
  focus: number;
}

export type NavCommand =
  | { type: 'none' }
  | { type: 'focus'; index: number }
  | { type: 'bump'; index: number }
  | { type: 'start'; index: number }
  | { type: 'ready'; index: number }
  /** Ticks off the focused card's next item not done yet. */
  | { type: 'itemDone'; index: number }
  | { type: 'recallLast' }
  | { type: 'toggleRecall' };

export interface NavResult {
  state: NavState;
  command: NavCommand;
  /** The key was ours: the component prevents the browser's default (scrolling, clicking). */
  handled: boolean;
}

export const initialNav: NavState = { focus: -1 };

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}

export function navigate(state: NavState, key: string, count: number, columns: number): NavResult {
  const cols = Math.max(1, columns);
  const focus = count === 0 ? -1 : state.focus < 0 ? -1 : clamp(state.focus, count);
  const move = (index: number): NavResult => {
    if (count === 0) return { state: { focus: -1 }, command: { type: 'none' }, handled: true };
    const next = clamp(index, count);
    return { state: { focus: next }, command: { type: 'focus', index: next }, handled: true };
  };
  const onFocused = (type: 'bump' | 'start' | 'ready' | 'itemDone'): NavResult =>
    focus < 0
      ? { state: { focus }, command: { type: 'none' }, handled: true }
      : { state: { focus }, command: { type, index: focus }, handled: true };

  switch (key) {
    case 'ArrowRight':
      return move(focus < 0 ? 0 : focus + 1);
    case 'ArrowLeft':
      return move(focus < 0 ? 0 : focus - 1);
    case 'ArrowDown':
      return move(focus < 0 ? 0 : focus + cols);
    case 'ArrowUp':
      return move(focus < 0 ? 0 : focus - cols);
    case 'Home':
      return move(0);
    case 'End':
      return move(count - 1);
    case 'Enter':
    case ' ':
      return onFocused('bump');
    case 's':
    case 'S':
      return onFocused('start');
    case 'd':
    case 'D':
      return onFocused('ready');
    case 'x':
    case 'X':
      return onFocused('itemDone');
    case 'r':
    case 'R':
      return { state: { focus }, command: { type: 'recallLast' }, handled: true };
    case 'b':
    case 'B':
      return { state: { focus }, command: { type: 'toggleRecall' }, handled: true };
    default:
      if (/^[1-9]$/.test(key)) {
        const index = Number(key) - 1;
        if (index >= count) return { state: { focus }, command: { type: 'none' }, handled: true };
        return { state: { focus: index }, command: { type: 'focus', index }, handled: true };
      }
      return { state: { focus }, command: { type: 'none' }, handled: false };
  }
}
