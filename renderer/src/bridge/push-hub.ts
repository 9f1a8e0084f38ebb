import type { PushEventName, PushPayload } from '../../../shared/ipc/contract.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import { isPushEventName, parsePush } from './results.js';

export type ErrorLog = (message: string, detail?: unknown) => void;

/** Fans validated push events out to listeners; shared by both transports so they validate alike. */
export class PushHub {
  private readonly listeners = new Map<PushEventName, ListenerSet<unknown>>();

  constructor(private readonly logError: ErrorLog) {}

  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    // One broken subscriber must not starve the others of the same event.
    if (!set) this.listeners.set(event, (set = new ListenerSet((error) => this.logError(`listener for "${event}" threw`, error))));
    // Safe widening: emit() only ever passes payloads that parsed against this event's schema.
    return set.add(listener as (payload: unknown) => void);
  }

  emit(name: string, raw: unknown): void {
    if (!isPushEventName(name)) {
      // A newer core may push events this window does not know yet; that is not an error.
      return;
    }
    const parsed = parsePush(name, raw);
    if (parsed === null) {
      this.logError(`dropped invalid "${name}" push from the station`, raw);
      return;
    }
    this.listeners.get(name)?.emit(parsed.payload);
  }
}
