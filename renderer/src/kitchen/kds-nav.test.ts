import { describe, expect, it } from 'vitest';
import { initialNav, navigate } from './kds-nav.js';

describe('bump-bar navigation', () => {
  it('moves focus with arrows, clamped, rows by column count', () => {
    let r = navigate(initialNav, 'ArrowRight', 5, 3);
    expect(r.command).toEqual({ type: 'focus', index: 0 });
    r = navigate(r.state, 'ArrowDown', 5, 3);
    expect(r.command).toEqual({ type: 'focus', index: 3 });
    r = navigate(r.state, 'ArrowDown', 5, 3);
    expect(r.state.focus).toBe(4);
    r = navigate(r.state, 'ArrowUp', 5, 3);
    expect(r.state.focus).toBe(1);
    r = navigate(r.state, 'ArrowLeft', 5, 3);
    r = navigate(r.state, 'ArrowLeft', 5, 3);
    expect(r.state.focus).toBe(0);
  });

  it('selects the nth ticket with digits, ignoring digits past the end', () => {
    expect(navigate(initialNav, '3', 5, 3).command).toEqual({ type: 'focus', index: 2 });
    expect(navigate({ focus: 1 }, '9', 5, 3)).toEqual({ state: { focus: 1 }, command: { type: 'none' }, handled: true });
  });

  it('bumps, starts and readies the focused ticket; nothing without focus', () => {
    expect(navigate({ focus: 2 }, 'Enter', 5, 3).command).toEqual({ type: 'bump', index: 2 });
    expect(navigate({ focus: 2 }, ' ', 5, 3).command).toEqual({ type: 'bump', index: 2 });
    expect(navigate({ focus: 1 }, 's', 5, 3).command).toEqual({ type: 'start', index: 1 });
    expect(navigate({ focus: 1 }, 'D', 5, 3).command).toEqual({ type: 'ready', index: 1 });
    expect(navigate({ focus: 1 }, 'x', 5, 3).command).toEqual({ type: 'itemDone', index: 1 });
    expect(navigate(initialNav, 'X', 5, 3).command).toEqual({ type: 'none' });
    expect(navigate(initialNav, 'Enter', 5, 3).command).toEqual({ type: 'none' });
  });

  it('recalls the last bumped ticket with R and leaves other keys alone', () => {
    expect(navigate(initialNav, 'r', 0, 1).command).toEqual({ type: 'recallLast' });
    expect(navigate(initialNav, 'q', 3, 1).handled).toBe(false);
  });

  it('clamps focus when tickets disappear', () => {
    expect(navigate({ focus: 7 }, 'Enter', 3, 3).command).toEqual({ type: 'bump', index: 2 });
    expect(navigate({ focus: 2 }, 'ArrowRight', 0, 3).state.focus).toBe(-1);
  });
});
