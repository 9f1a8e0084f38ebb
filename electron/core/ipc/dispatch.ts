import { z } from 'zod';
import {
  commands,
  type CommandName,
  type IpcError,
  type IpcResult,
  type ParsedArgs,
  type WindowRole,
} from '../../../shared/ipc/contract.js';
import type { Logger } from '../../../shared/logger.js';
import type { CallContext, CommandHandlers } from './handlers.js';

export type Dispatch = (role: WindowRole, command: string, args: unknown, requestId: string) => Promise<IpcResult<unknown>>;

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/**
 * A station-wide precondition checked before any handler runs (e.g. staff sign-in at the till):
 * answers the refusal, or undefined to let the command through.
 */
export type CommandGuard = (command: CommandName, role: WindowRole) => IpcError | undefined;

/** Several guards as one: the first refusal wins. */
export function firstRefusal(...guards: CommandGuard[]): CommandGuard {
  return (command, role) => {
    for (const guard of guards) {
      const refused = guard(command, role);
      if (refused) return refused;
    }
    return undefined;
  };
}

/**
 * The single entry for every transport: checks the command exists, the caller's role may use it,
 * the arguments match the contract and the guard lets it through, then runs the handler. Nothing
 * is ever thrown back.
 */
export function createDispatch(handlers: CommandHandlers, logger: Logger, guard?: CommandGuard): Dispatch {
  async function run<K extends CommandName>(command: K, args: ParsedArgs<K>, context: CallContext): Promise<IpcResult<unknown>> {
    const handler = handlers[command] as (a: ParsedArgs<K>, c: CallContext) => IpcResult<unknown> | Promise<IpcResult<unknown>>;
    return handler(args, context);
  }

  return async (role, command, rawArgs, requestId) => {
    const log = logger.child({ requestId, command, role });
    if (!isCommandName(command)) return { ok: false, error: { code: 'unknown_command', message: `Unknown command "${command}"` } };
    const spec = commands[command];
    if (!(spec.roles as readonly string[]).includes(role)) {
      log.warn({}, 'command refused for role');
      return { ok: false, error: { code: 'forbidden', message: `A ${role} window may not call ${command}` } };
    }
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad_request', message: `Invalid arguments for ${command}: ${z.prettifyError(parsed.error)}` } };
    }
    try {
      const refused = guard?.(command, role);
      if (refused) {
        log.info({ code: refused.code }, 'command refused by guard');
        return { ok: false, error: refused };
      }
      const result = await run(command, parsed.data as ParsedArgs<typeof command>, { role, requestId });
      if (!result.ok) log.info({ code: result.error.code }, 'command declined');
      return result;
    } catch (error) {
      log.error({ err: error }, 'command handler failed');
      return { ok: false, error: { code: 'internal', message: `${command} failed inside the station; nothing was changed` } };
    }
  };
}
