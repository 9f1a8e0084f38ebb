import type { OrderView } from '../../shared/order-view.js';
import type { Commit } from './store/commit-notice.js';

export interface AfterCommitDeps {
  store: {
    onCommitted(listener: (commit: Commit) => void): () => void;
    onOrderChanged(listener: (order: OrderView) => void): () => void;
  };
  /** Absent when the station has no server. */
  sync: { kick(): void } | undefined;
  peripherals: { committed(commit: Commit): void };
  /** To every window. */
  pushOrderChanged: (order: OrderView) => void;
  /** The store mesh: every commit, whatever its source, goes to the connected peers at once. */
  mesh?: { committed(commit: Commit): void };
}

/**
 * Everything that follows a commit, in one place, whoever wrote it (an IPC command, a card or
 * refund saga, channel firing, a pulled or peer page): windows see every changed order, local writes
 * go to the server at once instead of waiting for the poll, the hardware reacts to the events (the
 * counter's own to local writes only; kitchen printers to every commit, see `kitchenTicketsDue`), and
 * peers on the LAN get every new event (relayed ones too).
 * Each is its own subscription, so one failing does not keep the others from running.
 */
export function followCommits(deps: AfterCommitDeps): () => void {
  const stops = [
    deps.store.onOrderChanged((order) => deps.pushOrderChanged(order)),
    // A pulled page came from the sync loop itself: nothing new to push.
    deps.store.onCommitted((commit) => {
      if (commit.source === 'local') deps.sync?.kick();
    }),
    deps.store.onCommitted((commit) => deps.peripherals.committed(commit)),
    deps.store.onCommitted((commit) => deps.mesh?.committed(commit)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
