import type { PushEventName, PushPayload } from '../../../shared/ipc/contract.js';
import { isPushEventName, parsePush } from './results.js';

export type ErrorLog = (message: string, detail?: unknown) => void;

/** Fans validated push events out to listeners; shared by both transports so they validate alike. */
export class PushHub {
  private readonly listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();

  constructor(private readonly logError: ErrorLog) {}

  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // Safe widening: emit() only ever passes payloads that parsed against this event's schema.
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit(name: string, raw: unknown): void {
    if (!isPushEventName(name)) {
      // A newer core may push events this window does not know yet; that is not an error.
      return;
    }
    const payload = parsePush(name, raw);
    if (payload === null) {
      this.logError(`dropped invalid "${name}" push from the station`, raw);
      return;
    }
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One broken subscriber must not starve the others of the same event.
        this.logError(`listener for "${name}" threw`, error);
      }
    }
  }
}
