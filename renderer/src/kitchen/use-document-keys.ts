import { useEffect, useRef } from 'react';
import { unlockAudio } from './beep.js';

/**
 * A bump bar is a keyboard nobody clicks first: keys are taken from the whole document, not only
 * from inside a focused card. The listener is attached once and always calls the latest handler.
 */
export function useDocumentKeys(onKeyDown: (event: KeyboardEvent) => void): void {
  const handler = useRef(onKeyDown);
  handler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      // A key press is a user gesture too: the new-ticket sound works on a screen nobody touches.
      unlockAudio();
      handler.current(event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
