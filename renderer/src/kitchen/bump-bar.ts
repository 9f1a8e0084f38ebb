import type { TicketCommand } from './kds-actions-machine.js';
import { canMarkLines, needsAcknowledge, nextUndoneLine, type KdsLine, type KdsTicket } from './kds-model.js';
import type { NavCommand } from './kds-nav.js';

/** What one bump-bar command does on the screen; the window performs these in order. */
export type BumpBarEffect =
  | { type: 'focus'; index: number }
  | { type: 'act'; command: TicketCommand; ticket: KdsTicket }
  | { type: 'toggleLine'; ticket: KdsTicket; line: KdsLine }
  | { type: 'toggleRecall' };

/** A key press as the bump bar cares about it, free of the DOM. */
export interface BumpBarKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Typed into the settings form (or any field): not bump-bar input. */
  inForm: boolean;
  /** Enter or Space on a focused button is that button's click, not a bump. */
  onButton: boolean;
}

export function isBumpBarKey(press: BumpBarKey): boolean {
  if (press.inForm || (press.onButton && (press.key === 'Enter' || press.key === ' '))) return false;
  return !(press.ctrlKey || press.metaKey || press.altKey);
}

/**
 * Maps a navigation command onto the tickets of the card it names. A card can hold several
 * stations' tickets ("all" view): bump, start and ready apply to each that can take them, and a
 * ticket cancelled under the cook is acknowledged first, whatever the key. `canBump` says whether a
 * card may be bumped at all (expo: only once every station's part is ready).
 */
export function bumpBarEffects(
  command: NavCommand,
  ticketsAt: (index: number) => readonly KdsTicket[],
  bumped: readonly KdsTicket[],
  canBump: (index: number) => boolean = () => true,
): BumpBarEffect[] {
  switch (command.type) {
    case 'focus':
      return [{ type: 'focus', index: command.index }];
    case 'bump':
    case 'start':
    case 'ready':
      return ticketsAt(command.index).flatMap((ticket): BumpBarEffect[] => {
        if (needsAcknowledge(ticket)) return [{ type: 'act', command: 'ticket.acknowledgeCancel', ticket }];
        if (command.type === 'bump') return canBump(command.index) ? [{ type: 'act', command: 'ticket.bump', ticket }] : [];
        if (command.type === 'start' && (ticket.status === 'queued' || ticket.status === 'recalled'))
          return [{ type: 'act', command: 'ticket.start', ticket }];
        if (command.type === 'ready' && ticket.status === 'in_progress') return [{ type: 'act', command: 'ticket.ready', ticket }];
        return [];
      });
    case 'itemDone': {
      // The first ticket of the card with an item left: in "all" cards, station parts in name order.
      const ticket = ticketsAt(command.index).find((t) => canMarkLines(t) && nextUndoneLine(t) !== undefined);
      const line = ticket && nextUndoneLine(ticket);
      return ticket && line ? [{ type: 'toggleLine', ticket, line }] : [];
    }
    case 'recallLast':
      return bumped[0] ? [{ type: 'act', command: 'ticket.recall', ticket: bumped[0] }] : [];
    case 'toggleRecall':
      return [{ type: 'toggleRecall' }];
    case 'none':
      return [];
  }
}
