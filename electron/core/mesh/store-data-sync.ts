import type { Logger } from '../../../shared/logger.js';
import type { StoreData } from '../store-data/store-data.js';
import type { PeerFrame } from './protocol.js';

export type StoreDataFrame = Extract<PeerFrame, { t: 'data-have' | 'data' }>;

/** The part of a peer session store data uses. */
export interface StoreDataPeer {
  readonly state: 'handshake' | 'ready' | 'closed';
  readonly peerId: string | undefined;
  sendStoreData(frame: StoreDataFrame): void;
}

/**
 * Store data over the store mesh: on each new connection the two sides swap summaries and send each
 * other the documents the other lacks; every document that wins here afterwards (a manager's edit,
 * a pull from the server, another peer's) goes to every connected peer at once. Documents are
 * last-writer-wins registers, so repeats and crossings are harmless and a win is relayed only once.
 */
export class MeshStoreData {
  readonly #stop: () => void;

  constructor(
    private readonly data: StoreData,
    private readonly peers: () => Iterable<StoreDataPeer>,
    private readonly logger: Logger,
  ) {
    this.#stop = data.onChange(({ document, source }) => {
      for (const peer of this.peers()) {
        // The peer it came from has it.
        if (peer.state !== 'ready' || source === `peer:${peer.peerId}`) continue;
        peer.sendStoreData({ t: 'data', documents: [document] });
      }
    });
  }

  /** A peer has just proved itself: tell it what this station holds. */
  ready(peer: StoreDataPeer): void {
    peer.sendStoreData({ t: 'data-have', have: this.data.summary() });
  }

  frame(peer: StoreDataPeer, frame: StoreDataFrame): void {
    if (frame.t === 'data-have') {
      const newer = this.data.newerThan(frame.have);
      if (newer.length > 0) peer.sendStoreData({ t: 'data', documents: newer });
      return;
    }
    for (const document of frame.documents) {
      const outcome = this.data.applyRemote(document, `peer:${peer.peerId ?? 'unknown'}`);
      if (outcome === 'won') this.logger.debug({ kind: document.kind, peer: peer.peerId }, 'store data from a peer');
    }
  }

  stop(): void {
    this.#stop();
  }
}
