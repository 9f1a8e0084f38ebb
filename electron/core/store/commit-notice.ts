import type { DomainEvent } from '../../../shared/events.js';
import type { OrderView } from '../../../shared/order-view.js';

/** One local write, as committed: the order after it and the events it appended. */
export interface LocalCommit {
  readonly source: 'local';
  readonly order: OrderView;
  readonly events: readonly DomainEvent[];
}

/**
 * One page pulled from the server or received from a peer, as committed: the orders it changed
 * (projected ones only) and the events it inserted (peers relay them).
 */
export interface RemoteCommit {
  readonly source: 'remote';
  readonly via: 'server' | 'peer';
  readonly orders: readonly OrderView[];
  readonly events: readonly DomainEvent[];
}

/**
 * What the store announces once per committed transaction, after the commit: everything that
 * follows a write (sync, printers, windows) hears of it here instead of from each writer.
 */
export type Commit = LocalCommit | RemoteCommit;

export const changedOrders = (commit: Commit): readonly OrderView[] => (commit.source === 'local' ? [commit.order] : commit.orders);
