import { describe, expect, it } from 'vitest';
import { asksForManagerPin, keepsPromptOpen, pinProblem } from './manager-approval.js';

describe('the manager PIN step-up', () => {
  it('comes up only when the core asks for a manager, and stays up while the PIN is refused', () => {
    const refused = (code: 'approval_required' | 'approval_denied' | 'locked_out' | 'not_found') => ({
      ok: false as const,
      error: { code, message: code },
    });
    expect(asksForManagerPin(refused('approval_required'))).toBe(true);
    expect(asksForManagerPin(refused('approval_denied'))).toBe(false);
    expect(asksForManagerPin({ ok: true, value: null })).toBe(false);
    expect(keepsPromptOpen(refused('approval_denied'))).toBe(true);
    expect(keepsPromptOpen(refused('locked_out'))).toBe(true);
    // Past the PIN, the command's own answer closes the prompt and is shown where the command was.
    expect(keepsPromptOpen(refused('not_found'))).toBe(false);
    expect(keepsPromptOpen({ ok: true, value: null })).toBe(false);
  });

  it('checks the PIN shape before sending it', () => {
    expect(pinProblem('123')).toBe('A PIN is 4 to 8 digits');
    expect(pinProblem('12a4')).toBe('A PIN is 4 to 8 digits');
    expect(pinProblem('9999')).toBeNull();
  });
});
