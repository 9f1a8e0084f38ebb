import type { CommandName } from '../../../shared/ipc/contract.js';
import type { CommandHandlers } from '../ipc/handlers.js';
import type { StationAvailability } from './availability.js';

export type MenuCommand = Extract<CommandName, 'menu.availability' | 'menu.setAvailability'>;

/**
 * `setBy`: who marked it, for people (the signed-in person's name, else the window: "kitchen",
 * "cashier"); the entry's stamp names this station.
 */
export function createMenuHandlers(availability: StationAvailability, whoIs: (role: string) => string): Pick<CommandHandlers, MenuCommand> {
  return {
    'menu.availability': () => ({ ok: true, value: availability.view() }),
    'menu.setAvailability': ({ itemId, soldOut, count }, { role }) => availability.set(itemId, { soldOut, count }, whoIs(role)),
  };
}
