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
import { runAsCaller } from './call-scope.js';
import type { CallContext, CommandHandlers } from './handlers.js';

/**
 * `client` is who wrong PINs are counted against (`clientKey`: the window's credential and address);
 * a transport that knows nothing better leaves it out and the role's local window is assumed.
 */
export type Dispatch = (
  role: WindowRole,
  command: string,
  args: unknown,
  requestId: string,
  client?: string,
) => Promise<IpcResult<unknown>>;

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/** What a guard may look at besides the command and role: the validated arguments and the caller. */
export interface GuardCall {
  args: unknown;
  client: string;
}

/**
 * A station-wide precondition checked before any handler runs (e.g. staff sign-in at the till, a
 * manager's PIN for a privileged command): answers the refusal, or undefined to let the command through.
 */
export type CommandGuard = (command: CommandName, role: WindowRole, call: GuardCall) => IpcError | undefined;

/** Several guards as one: the first refusal wins. */
export function firstRefusal(...guards: CommandGuard[]): CommandGuard {
  return (command, role, call) => {
    for (const guard of guards) {
      const refused = guard(command, role, call);
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

  return async (role, command, rawArgs, requestId, client = `local:${role}`) => {
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
      // The guard and handler run as this caller: a wrong PIN typed anywhere under them counts against it.
      const refused = runAsCaller(client, () => guard?.(command, role, { args: parsed.data, client }));
      if (refused) {
        log.info({ code: refused.code }, 'command refused by guard');
        return { ok: false, error: refused };
      }
      const result = await runAsCaller(client, () => run(command, parsed.data as ParsedArgs<typeof command>, { role, requestId }));
      if (!result.ok) log.info({ code: result.error.code }, 'command declined');
      return result;
    } catch (error) {
      log.error({ err: error }, 'command handler failed');
      return { ok: false, error: { code: 'internal', message: `${command} failed inside the station; nothing was changed` } };
    }
  };
}
