import type { IpcResult, PushEventName, WindowRole } from '../../shared/ipc/contract.js';
import { pushEvents } from '../../shared/ipc/contract.js';
import type { Logger } from '../../shared/logger.js';
import { CoreToMain, type MainToCore, type StartOptions } from './core-protocol.js';

/** What the client needs of Electron's UtilityProcess (a test connects it to the host in memory). */
export interface CoreProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export type CoreReady = Extract<CoreToMain, { t: 'ready' }>;

const UNAVAILABLE: IpcResult<unknown> = { ok: false, error: { code: 'unavailable', message: 'The station core is not running' } };

function isPushName(name: string): name is PushEventName {
  return Object.hasOwn(pushEvents, name);
}

/**
 * The main process's side of the core: `start` resolves once the core is up, `dispatch` has the
 * contract's Dispatch signature (so the Electron transport runs on it unchanged), pushes are handed on.
 * When the core process goes away every pending call answers `unavailable`; none hangs.
 */
export function connectCore(child: CoreProcessLike, logger: Logger) {
  let nextId = 0;
  let alive = true;
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const pushListeners = new Set<(name: PushEventName, payload: unknown) => void>();
  let onReady: ((message: CoreReady) => void) | undefined;
  let onFailed: ((error: Error) => void) | undefined;
  let onStopped: (() => void) | undefined;
  const exitListeners = new Set<(code: number) => void>();
  const send = (message: MainToCore) => child.postMessage(message);

  child.on('message', (raw: unknown) => {
    const parsed = CoreToMain.safeParse(raw);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'main ignored a malformed core message');
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'ready':
        onReady?.(message);
        return;
      case 'failed':
        onFailed?.(new Error(message.message));
        return;
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        // The window's bridge re-checks the envelope against the contract; here it is only carried.
        resolve?.(message.result as IpcResult<unknown>);
        return;
      }
      case 'push':
        if (!isPushName(message.name)) {
          logger.warn({ name: message.name }, 'main ignored an unknown push');
          return;
        }
        for (const listener of pushListeners) {
          try {
            listener(message.name, message.payload);
          } catch (error) {
            // One window's failure must not stop the others' pushes or take main down.
            logger.error({ err: String(error), name: message.name }, 'push listener failed');
          }
        }
        return;
      case 'stopped':
        onStopped?.();
        return;
    }
  });
  child.on('exit', (code: number) => {
    alive = false;
    for (const resolve of pending.values()) resolve(UNAVAILABLE);
    pending.clear();
    onFailed?.(new Error(`The station core exited (code ${code}) before it was ready`));
    onStopped?.();
    for (const listener of exitListeners) listener(code);
  });

  return {
    start(options: StartOptions): Promise<CoreReady> {
      return new Promise((resolve, reject) => {
        onReady = (message) => {
          onFailed = undefined;
          resolve(message);
        };
        onFailed = reject;
        send({ t: 'start', options });
      });
    },
    dispatch: (role: WindowRole, command: string, args: unknown, requestId: string): Promise<IpcResult<unknown>> => {
      if (!alive) return Promise.resolve(UNAVAILABLE);
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ t: 'call', id, role, command, args, requestId });
      });
    },
    onPush(listener: (name: PushEventName, payload: unknown) => void): () => void {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    /** Called when the core process ends, expectedly or not. */
    onExit(listener: (code: number) => void): void {
      exitListeners.add(listener);
    },
    /** Asks the core to close its database and devices; resolves when it says so or has exited. */
    stop(): Promise<void> {
      if (!alive) return Promise.resolve();
      return new Promise((resolve) => {
        onStopped = resolve;
        send({ t: 'stop' });
      });
    },
  };
}
export type CoreClient = ReturnType<typeof connectCore>;
