import type { CommandArgs, CommandName, CommandResult, IpcResult, StationBridge } from '../../../shared/ipc/contract.js';

type Handler<K extends CommandName> = (args: CommandArgs<K>) => IpcResult<CommandResult<K>>;

/** Answers only what a test scripts; anything else is an `unknown_command`, so no call goes unnoticed. */
export class ScriptedBridge implements StationBridge {
  readonly calls: { command: CommandName; args: unknown }[] = [];
  private readonly handlers = new Map<CommandName, (args: unknown) => unknown>();

  handle<K extends CommandName>(command: K, handler: Handler<K>): this {
    this.handlers.set(command, handler as (args: unknown) => unknown);
    return this;
  }

  invoke<K extends CommandName>(command: K, args: CommandArgs<K>): Promise<IpcResult<CommandResult<K>>> {
    this.calls.push({ command, args });
    const handler = this.handlers.get(command);
    const answer = handler ? handler(args) : { ok: false, error: { code: 'unknown_command', message: command } };
    return Promise.resolve(answer as IpcResult<CommandResult<K>>);
  }

  on(): () => void {
    return () => {};
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }
}
