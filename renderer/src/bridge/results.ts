import {
  IpcError as IpcErrorSchema,
  commands,
  pushEvents,
  type CommandName,
  type CommandResult,
  type IpcError,
  type IpcResult,
  type PushEventName,
  type PushPayload,
} from '../../../shared/ipc/contract.js';

export function failure(code: IpcError['code'], message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/**
 * Checks a success value against the contract before the UI trusts it: a core of another version, or
 * a transport bug, then surfaces as one typed error instead of a crash deep inside a component.
 */
export function checkResult<K extends CommandName>(command: K, value: unknown): IpcResult<CommandResult<K>> {
  const parsed = commands[command].result.safeParse(value);
  if (!parsed.success) return failure('internal', `The station sent an unexpected answer to ${command}`);
  return { ok: true, value: parsed.data as CommandResult<K> };
}

export function isPushEventName(name: string): name is PushEventName {
  return Object.hasOwn(pushEvents, name);
}

/** Boxed, because null is a valid payload of its own ("shift.changed": no open shift). */
export function parsePush<K extends PushEventName>(name: K, payload: unknown): { payload: PushPayload<K> } | null {
  const parsed = pushEvents[name].payload.safeParse(payload);
  return parsed.success ? { payload: parsed.data as PushPayload<K> } : null;
}

/** For transports whose envelope is not already schema-checked (Electron IPC is structured clone, not zod). */
export function checkEnvelope<K extends CommandName>(command: K, raw: unknown): IpcResult<CommandResult<K>> {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    if (raw.ok === true && 'value' in raw) return checkResult(command, raw.value);
    if (raw.ok === false && 'error' in raw) {
      const error = IpcErrorSchema.safeParse(raw.error);
      if (error.success) return { ok: false, error: error.data };
    }
  }
  return failure('internal', `The station sent an unexpected answer to ${command}`);
}
