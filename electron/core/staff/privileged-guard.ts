import { isPrivilegedCommand, PRIVILEGED_COMMANDS } from '../../../shared/ipc/privileged.js';
import type { Logger } from '../../../shared/logger.js';
import type { CommandGuard } from '../ipc/dispatch.js';
import type { Approval } from './approvals.js';

/** Who may run a privileged command on this station. */
export type PrivilegePolicy =
  /** Staff are configured: a manager's PIN with every privileged command. */
  | { kind: 'managers'; approve(action: string, managerPin: string | undefined): Approval; hasManager: boolean }
  /** station.json turned sign-in off in so many words (`SIGN_IN_DISABLED`): nobody is asked. */
  | { kind: 'open' }
  /** A station without staff (a kitchen PC): nobody can approve, so settings change in station.json only. */
  | { kind: 'no-staff' };

const pinOf = (args: unknown): string | undefined => {
  const pin = typeof args === 'object' && args !== null ? (args as { managerPin?: unknown }).managerPin : undefined;
  return typeof pin === 'string' ? pin : undefined;
};

/**
 * Settings, routing, dead-letter and print-job commands need a manager's PIN, sent with the command
 * and checked (with the PIN lockout) before the handler runs. `isDrawer` tells a drawer test (cash
 * within reach) from a harmless test print.
 */
export function privilegeGuard(policy: PrivilegePolicy, isDrawer: (deviceId: string) => boolean, logger: Logger): CommandGuard {
  return (command, _role, { args }) => {
    if (!isPrivilegedCommand(command)) return undefined;
    if (command === 'devices.test' && !isDrawer((args as { deviceId: string }).deviceId)) return undefined;
    const action = PRIVILEGED_COMMANDS[command];
    switch (policy.kind) {
      case 'open':
        return undefined;
      case 'no-staff':
        return {
          code: 'forbidden',
          message: `Only a manager may ${action}, and this station has no staff configured to approve it: add a "staff" section to station.json, or make the change there`,
        };
      case 'managers': {
        if (!policy.hasManager) {
          return { code: 'forbidden', message: `Only a manager may ${action}, and no manager is configured on this station` };
        }
        const approval = policy.approve(action, pinOf(args));
        if (!approval.ok) return approval.error;
        logger.info({ command, approvedBy: approval.approvedBy }, 'privileged command approved by a manager');
        return undefined;
      }
    }
  };
}
