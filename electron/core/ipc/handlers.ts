import type { CommandName, CommandResult, IpcResult, ParsedArgs, WindowRole } from '../../../shared/ipc/contract.js';

export interface CallContext {
  role: WindowRole;
  /** Correlates a command with its log lines across transports. */
  requestId: string;
}

export type CommandHandler<K extends CommandName> = (
  args: ParsedArgs<K>,
  context: CallContext,
) => IpcResult<CommandResult<K>> | Promise<IpcResult<CommandResult<K>>>;

/** One handler per contract command: adding a command to the contract without a handler fails to compile. */
export type CommandHandlers = { readonly [K in CommandName]: CommandHandler<K> };
