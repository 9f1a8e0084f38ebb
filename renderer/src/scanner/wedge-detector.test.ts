import { describe, expect, it } from 'vitest';
import { attachWedgeScanner, type WedgeScan } from './attach-wedge-scanner.js';
import { WedgeScanDetector, type WedgeDecision, type WedgeKeystroke } from './wedge-detector.js';

/** Types `text` then `suffix`, one key every `everyMs` (or per-gap list), starting at `start`. */
function strokes(text: string, everyMs: number | number[], suffix = 'Enter', start = 1_000): WedgeKeystroke[] {
  const keys = [...text, suffix];
  let at = start;
  return keys.map((key, i) => {
    if (i > 0) at += Array.isArray(everyMs) ? (everyMs[i - 1] ?? 0) : everyMs;
    return { key, timeStamp: at };
  });
}

function run(detector: WedgeScanDetector, keys: WedgeKeystroke[]): WedgeDecision {
  let last: WedgeDecision = { kind: 'ignored' };
  for (const key of keys) last = detector.handle(key);
  return last;
}

describe('WedgeScanDetector', () => {
  it('a scanner burst (about 8 ms a key) ending in Enter is a scan', () => {
    expect(run(new WedgeScanDetector(), strokes('5901234123457', 8))).toEqual({ kind: 'scan', code: '5901234123457', durationMs: 104 });
  });

  it('a Tab suffix works too, and so does the detector clock when events carry no time', () => {
    let now = 0;
    const detector = new WedgeScanDetector({ clock: { now: () => now } });
    let decision: WedgeDecision = { kind: 'ignored' };
    for (const key of [...'12345670', 'Tab']) {
      now += 5;
      decision = detector.handle({ key });
    }
    expect(decision).toEqual({ kind: 'scan', code: '12345670', durationMs: 40 });
  });

  it('typing, even quick typing, ending in Enter is not a scan', () => {
    expect(run(new WedgeScanDetector(), strokes('5901234123457', 120))).toEqual({ kind: 'typed' });
    // A fast typist's burst: 45 ms a key on average is still a person.
    expect(run(new WedgeScanDetector(), strokes('hello world', 45))).toEqual({ kind: 'typed' });
  });

  it('needs the minimum length, so a short fast burst (a shortcut, "ok") is not a scan', () => {
    expect(run(new WedgeScanDetector(), strokes('12345', 5))).toEqual({ kind: 'typed' });
  });

  it('one long pause inside the burst restarts it; the code is what came after the pause', () => {
    const gaps = [8, 8, 8, 400, 8, 8, 8, 8, 8, 8, 8, 8, 8];
    // "abcd" typed, a pause, then a scanner burst of 9 characters + Enter.
    expect(run(new WedgeScanDetector(), strokes('abcd96385074', gaps))).toEqual({ kind: 'scan', code: '96385074', durationMs: 64 });
  });

  it('a late Enter after a fast burst is a person pressing Enter', () => {
    expect(run(new WedgeScanDetector(), strokes('5901234123457', [...Array(12).fill(8), 300]))).toEqual({ kind: 'typed' });
  });

  it('Shift for capitals is allowed inside a scan; Ctrl shortcuts and Backspace end the burst', () => {
    const keys: WedgeKeystroke[] = [];
    let at = 0;
    for (const key of ['Shift', 'A', 'B', 'C', '-', '1', '2', '3', 'Enter']) keys.push({ key, timeStamp: (at += 6) });
    expect(run(new WedgeScanDetector(), keys)).toMatchObject({ kind: 'scan', code: 'ABC-123' });

    const detector = new WedgeScanDetector();
    for (const key of strokes('590123412', 5, 'Backspace').slice(0, 10)) detector.handle(key);
    expect(detector.handle({ key: 'Enter', timeStamp: 1_050 })).toEqual({ kind: 'typed' });
    expect(detector.handle({ key: 'c', ctrlKey: true, timeStamp: 1_060 })).toEqual({ kind: 'ignored' });
  });
});

describe('attachWedgeScanner', () => {
  it('reports scans from keydown events and swallows the suffix key', () => {
    const target = new EventTarget();
    const scans: WedgeScan[] = [];
    const detach = attachWedgeScanner(target, (scan) => scans.push(scan));
    const prevented: boolean[] = [];
    for (const key of strokes('4006381333931', 7)) {
      const event = Object.assign(new Event('keydown', { cancelable: true }), {
        key: key.key,
        repeat: false,
        ctrlKey: false,
        altKey: false,
        metaKey: false,
      });
      Object.defineProperty(event, 'timeStamp', { value: key.timeStamp });
      target.dispatchEvent(event);
      prevented.push(event.defaultPrevented);
    }
    expect(scans).toMatchObject([{ code: '4006381333931' }]);
    expect(prevented.at(-1)).toBe(true);
    expect(prevented.slice(0, -1).every((p) => !p)).toBe(true);
    detach();
  });
});
