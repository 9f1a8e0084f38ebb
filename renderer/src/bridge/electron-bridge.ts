import type { CommandArgs, CommandName, CommandResult, IpcResult, PushEventName, PushPayload } from '../../../shared/ipc/contract.js';
import type { PreloadApi } from '../../../shared/ipc/preload-api.js';
import type { ConnectionState, ManagedBridge } from './connection.js';
import { PushHub, type ErrorLog } from './push-hub.js';
import { checkEnvelope, failure } from './results.js';

/** Electron IPC has no handshake and no network in between: the core is reachable for the window's life. */
const ELECTRON_CONNECTION: ConnectionState = { status: 'online', stationId: null, role: null, reason: null };

export class ElectronBridge implements ManagedBridge {
  private readonly hub: PushHub;
  private readonly unsubscribePush: () => void;

  constructor(
    private readonly api: PreloadApi,
    private readonly logError: ErrorLog = (message, detail) => console.error(`[electron-bridge] ${message}`, detail ?? ''),
  ) {
    this.hub = new PushHub(logError);
    this.unsubscribePush = api.onPush((name, payload) => this.hub.emit(name, payload));
  }

  async invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>> {
    const call = this.api.commands[command];
    if (typeof call !== 'function') return failure('unknown_command', `This station does not offer ${command}`);
    try {
      // The preload's types are a promise, not a proof: what crossed IPC is re-checked like a socket frame.
      const raw: unknown = await call(args);
      return checkEnvelope(command, raw);
    } catch (error) {
      this.logError(`${command} threw across IPC`, error);
      return failure('internal', `The station failed to run ${command}`);
    }
  }

  on<K extends PushEventName>(event: K, listener: (payload: PushPayload<K>) => void): () => void {
    return this.hub.on(event, listener);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    listener(ELECTRON_CONNECTION);
    return () => {};
  }

  dispose(): void {
    this.unsubscribePush();
  }
}

/** `window.pos` exists only when the Electron preload ran; anything else there is not ours. */
export function readPreloadApi(candidate: unknown): PreloadApi | null {
  if (typeof candidate !== 'object' || candidate === null) return null;
  const api = candidate as { commands?: unknown; onPush?: unknown };
  if (typeof api.commands !== 'object' || api.commands === null || typeof api.onPush !== 'function') return null;
  return candidate as PreloadApi;
}
