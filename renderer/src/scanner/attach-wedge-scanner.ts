import { WedgeScanDetector, type WedgeOptions } from './wedge-detector.js';

export interface WedgeScan {
  code: string;
  durationMs: number;
  /** The element the scanner typed into, so the caller can remove the code's characters from it. */
  target: EventTarget | null;
}

/**
 * Listens to keydown on `target` (usually the window) and reports scans; the suffix key of a scan is
 * swallowed so it does not submit a form or move focus. Returns the detach function.
 */
export function attachWedgeScanner(
  target: EventTarget,
  onScan: (scan: WedgeScan) => void,
  options: WedgeOptions & { ignore?: (target: EventTarget | null) => boolean } = {},
): () => void {
  const detector = new WedgeScanDetector(options);
  const listener = (event: Event): void => {
    const key = event as KeyboardEvent;
    if (key.repeat || options.ignore?.(event.target)) return;
    const decision = detector.handle({
      key: key.key,
      timeStamp: key.timeStamp,
      ctrlKey: key.ctrlKey,
      altKey: key.altKey,
      metaKey: key.metaKey,
    });
    if (decision.kind !== 'scan') return;
    event.preventDefault();
    event.stopPropagation();
    onScan({ code: decision.code, durationMs: decision.durationMs, target: event.target });
  };
  target.addEventListener('keydown', listener, { capture: true });
  return () => target.removeEventListener('keydown', listener, { capture: true });
}
