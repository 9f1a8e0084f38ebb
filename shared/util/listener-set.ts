/**
 * A set of listeners that one faulty subscriber cannot break: a throwing listener is reported and the
 * others still run, because a UI handler bug must never stop bytes from reaching the printer.
 */
export class ListenerSet<T> {
  readonly #listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  add(listener: (value: T) => void): () => void {
    // Wrapping makes the same function subscribable twice with independent unsubscribes.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
