import type { Logger } from '../../../shared/logger.js';
import type { StoreDataPage, StoreDocumentPut, StoreDocumentWire } from '../../../shared/store-data.js';
import type { StoreData } from './store-data.js';

/** What store data needs from the central server (the sync HTTP client, or a fake in tests). */
export interface StoreDataTransport {
  putStoreDocument(document: StoreDocumentWire): Promise<StoreDocumentPut>;
  pullStoreData(after: number): Promise<StoreDataPage>;
}

export interface SyncStateStore {
  getSyncState(key: string): string | undefined;
  setSyncState(key: string, value: string): void;
}

const CURSOR_KEY = 'store_data_cursor';

/**
 * Store data's part of each sync round: documents edited here go up (the server keeps the same
 * last-writer-wins register and answers with the one it holds, which is applied here in case it is
 * newer), then documents that won on the server since the last round come down.
 */
export class StoreDataServerSync {
  constructor(
    private readonly data: StoreData,
    private readonly transport: StoreDataTransport,
    private readonly state: SyncStateStore,
    private readonly logger: Logger,
  ) {}

  /** The server's store data cursor this station has pulled up to (a poke beyond it means: pull). */
  cursor(): number {
    const value = Number(this.state.getSyncState(CURSOR_KEY) ?? '0');
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  async exchange(): Promise<{ pushed: number; pulled: number }> {
    let pushed = 0;
    for (const document of this.data.pending()) {
      const answer = await this.transport.putStoreDocument(document);
      this.data.markPushed(document);
      pushed += 1;
      if (!answer.won) this.logger.info({ kind: document.kind, hlc: document.hlc }, 'a newer store data document was on the server');
      this.data.applyRemote(answer.current, 'server');
    }
    const page = await this.transport.pullStoreData(this.cursor());
    let pulled = 0;
    for (const document of page.documents) if (this.data.applyRemote(document, 'server') === 'won') pulled += 1;
    if (page.cursor !== this.cursor()) this.state.setSyncState(CURSOR_KEY, String(page.cursor));
    return { pushed, pulled };
  }
}
