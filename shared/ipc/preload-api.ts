import type { CommandArgs, CommandName, CommandResult, IpcResult, PushEventName } from './contract.js';

/** Electron IPC channel names; main and preload must agree on them and nothing else. */
export const IPC_INVOKE_CHANNEL = 'pos:invoke';
export const IPC_PUSH_CHANNEL = 'pos:push';

/**
 * What the Electron preload exposes on `window.pos` through contextBridge: one named function per
 * contract command plus a push subscription. Never ipcRenderer itself.
 */
export type PreloadApi = {
  readonly commands: { readonly [K in CommandName]: (args: CommandArgs<K>) => Promise<IpcResult<CommandResult<K>>> };
  onPush(listener: (name: PushEventName, payload: unknown) => void): () => void;
};
