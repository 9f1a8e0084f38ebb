import { expect, type Locator, type Page } from '@playwright/test';

/** The counter screen issue #14 was tried on. */
export const COUNTER_SCREEN = { width: 1366, height: 768 };

/** Fully inside the window, with the page itself not scrolled: reachable without any scrolling. */
export async function expectOnScreen(page: Page, locators: Locator[], screen = COUNTER_SCREEN): Promise<void> {
  expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
  for (const locator of locators) {
    await expect(locator).toBeVisible();
    const box = (await locator.boundingBox())!;
    expect(box, String(locator)).not.toBeNull();
    expect(box.x, String(locator)).toBeGreaterThanOrEqual(0);
    expect(box.y, String(locator)).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, String(locator)).toBeLessThanOrEqual(screen.width);
    expect(box.y + box.height, String(locator)).toBeLessThanOrEqual(screen.height);
    // Not clipped by a scrolled container either: the element is what the screen shows at its centre.
    const shown = await locator.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top !== null && (top === el || el.contains(top) || (el instanceof HTMLInputElement && top.contains(el)));
    });
    expect(shown, String(locator)).toBe(true);
  }
}

export interface TapCounts {
  taps: number;
  keys: number;
}

/** Counts what the cashier does: pointer taps and key presses that reach the page (trusted events only). */
export async function countTaps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counts = { taps: 0, keys: 0 };
    (window as unknown as { __taps: typeof counts }).__taps = counts;
    window.addEventListener('pointerdown', (e) => e.isTrusted && counts.taps++, true);
    window.addEventListener('keydown', (e) => e.isTrusted && counts.keys++, true);
  });
}

export async function tapCounts(page: Page): Promise<TapCounts> {
  return page.evaluate(() => ({ ...(window as unknown as { __taps: TapCounts }).__taps }));
}

/** Taps and key presses together: what the cashier did, whichever way. */
export async function taps(page: Page): Promise<number> {
  const counts = await tapCounts(page);
  return counts.taps + counts.keys;
}

export async function resetTaps(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign((window as unknown as { __taps: object }).__taps, { taps: 0, keys: 0 }));
}
