import { pushEvents, type IpcResult, type PushEventName, type WindowRole } from '../../../shared/ipc/contract.js';
import type { Dispatch } from './dispatch.js';

/** The parts of an Electron IpcMainInvokeEvent the transport looks at (so it runs without Electron). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface PushTarget {
  webContentsId: number;
  send(channel: string, name: PushEventName, payload: unknown): void;
}

export interface ElectronTransportOptions {
  dispatch: Dispatch;
  /** The role of the window a webContents belongs to; undefined for anything we did not open. */
  roleOf(webContentsId: number): WindowRole | undefined;
  /** Our bundled page's URL prefix: a navigated-away or injected frame may not call the core. */
  trustedUrlPrefix: string;
  pushChannel: string;
}

/**
 * The Electron IPC transport of the contract: what `ipcMain.handle` runs, and the push fan-out to
 * windows. Same dispatch, same role rules as the WebSocket transport.
 */
export function createElectronTransport(options: ElectronTransportOptions) {
  let requestCounter = 0;
  return {
    invoke(event: InvokeEventLike, command: unknown, args: unknown): Promise<IpcResult<unknown>> {
      const role = options.roleOf(event.sender.id);
      const trusted = !!event.senderFrame && event.senderFrame.url.startsWith(options.trustedUrlPrefix);
      if (!role || !trusted) {
        return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'This window may not call the station' } });
      }
      if (typeof command !== 'string') {
        return Promise.resolve({ ok: false, error: { code: 'bad_request', message: 'Command name must be a string' } });
      }
      return options.dispatch(role, command, args, `ipc-${event.sender.id}-${++requestCounter}`);
    },
    push(targets: Iterable<PushTarget>, name: PushEventName, payload: unknown): void {
      const roles: readonly WindowRole[] = pushEvents[name].roles;
      for (const target of targets) {
        const role = options.roleOf(target.webContentsId);
        if (role && roles.includes(role)) target.send(options.pushChannel, name, payload);
      }
    },
  };
}
