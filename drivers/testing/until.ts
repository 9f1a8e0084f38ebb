/** Polls until `predicate` holds: for tests whose devices answer asynchronously. */
export function until(predicate: () => boolean, timeoutMs = 2_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`${what} not met within ${timeoutMs} ms`));
      else setTimeout(tick, 1);
    };
    tick();
  });
}
