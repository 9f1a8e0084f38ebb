import type { CatalogItem } from '../../../shared/catalog.js';
import type { CatalogView, MenuInfo } from '../../../shared/ipc/commands/orders.js';
import type { Logger } from '../../../shared/logger.js';
import { menuToCatalog } from '../../../shared/menu/catalog-bridge.js';
import type { StoreDocument } from '../../../shared/store-data.js';
import { ListenerSet } from '../../../shared/util/listener-set.js';
import type { StoreData } from '../store-data/store-data.js';

/**
 * The catalog new lines are rung up from: the store's published menu (store data kind `menu`) as the
 * counter sells it, or, while this station holds no menu, the catalog file / demo catalog it was
 * started with. A menu that wins in store data (pulled from the server or sent by a peer) takes over
 * at once; lines already rung up keep the price and tax their events recorded. A menu that does not
 * validate never gets here: store data keeps it out and lists it in diagnostics.
 */
export class MenuCatalog {
  #items: CatalogItem[];
  #menu: MenuInfo | null;
  readonly #listeners: ListenerSet<CatalogView>;

  constructor(storeData: StoreData, fallback: readonly CatalogItem[], logger: Logger) {
    this.#listeners = new ListenerSet((error) => logger.error({ err: error }, 'catalog listener failed'));
    const held = storeData.current('menu');
    this.#items = held ? menuToCatalog(held.body.menu, 'counter') : [...fallback];
    this.#menu = held ? menuInfo(held, storeData.receivedAt('menu') ?? 0) : null;
    storeData.onChange(({ document }) => {
      if (document.kind !== 'menu') return;
      this.#items = menuToCatalog(document.body.menu, 'counter');
      this.#menu = menuInfo(document, storeData.receivedAt('menu') ?? 0);
      logger.info({ menuVersion: document.body.version, items: this.#items.length }, 'new lines follow the menu now');
      this.#listeners.emit(this.view());
    });
  }

  get items(): readonly CatalogItem[] {
    return this.#items;
  }

  /** The published menu in use (null: the start-up catalog). */
  get menu(): MenuInfo | null {
    return this.#menu;
  }

  view(): CatalogView {
    return { items: [...this.#items], menu: this.#menu };
  }

  onChange(listener: (change: CatalogView) => void): () => void {
    return this.#listeners.add(listener);
  }
}

function menuInfo(document: StoreDocument<'menu'>, receivedAt: number): MenuInfo {
  const { version, publishedBy, publishedAtMs } = document.body;
  return { version, publishedBy, publishedAtMs, receivedAtMs: receivedAt };
}
