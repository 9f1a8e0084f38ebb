import type { CommandName } from './command-names.js';

/**
 * Commands that change the station's settings or throw data away, with what each does in words for
 * the approval prompt. Each takes an optional `managerPin`: where staff are configured the core runs
 * one only with a manager's PIN sent along, every time (a signed-in manager types it too). Audited
 * from the whole command list: `devices.test` is here for its cash-drawer pulse only (a test print
 * needs nobody); `print.acknowledge` (a person saw the page come out), `deadLetters.replay` and
 * `sync.now` lose nothing, and `terminal.simulate` drives the simulated terminal only.
 */
export const PRIVILEGED_COMMANDS = {
  'devices.setConfig': 'change the device settings',
  'kitchen.setRouting': 'change the kitchen routing',
  'deadLetters.discard': 'discard an event the server refused',
  'print.cancel': 'cancel a print job',
  'devices.test': 'pulse the cash drawer open outside a sale',
  'windows.pair': 'pair a device with this station',
  'windows.revoke': 'revoke a paired device',
  'payment.resolveFollowUp': 'mark a card payment lost after the sale as resolved',
} as const satisfies Partial<Record<CommandName, string>>;

export type PrivilegedCommand = keyof typeof PRIVILEGED_COMMANDS;

export function isPrivilegedCommand(name: string): name is PrivilegedCommand {
  return Object.hasOwn(PRIVILEGED_COMMANDS, name);
}
