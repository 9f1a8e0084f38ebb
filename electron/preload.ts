/**
 * Sandboxed preload: the only bridge between a window and the main process. It exposes one named
 * function per contract command and a push subscription; ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_NAMES } from '../shared/ipc/command-names.js';
import type { PushEventName } from '../shared/ipc/contract.js';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, type PreloadApi } from '../shared/ipc/preload-api.js';

const commands = Object.freeze(
  Object.fromEntries(COMMAND_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, args)])),
) as PreloadApi['commands'];

const api: PreloadApi = {
  commands,
  onPush(listener) {
    const forward = (_event: IpcRendererEvent, name: PushEventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(IPC_PUSH_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_PUSH_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('pos', api);
