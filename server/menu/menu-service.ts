import { createHash } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { Channel } from '../../shared/events/envelope.js';
import type { DomainEvent } from '../../shared/events.js';
import type { OrderView } from '../../shared/order-view.js';
import { decodeHlc, encodeHlc, HLC_ZERO, tickHlc } from '../../shared/hlc.js';
import type { KitchenRouting } from '../../shared/ipc/commands/kitchen.js';
import {
  deriveCount,
  setAvailability,
  type CountedSale,
  type DerivedAvailability,
  type MenuAvailability,
} from '../../shared/menu/availability.js';
import { channelPrice, checkMenu, MenuDocument, type Menu } from '../../shared/menu/menu.js';
import { checkStoreDocument, SERVER_AUTHOR, type StoreDocumentWire } from '../../shared/store-data.js';
import type { ItemAvailabilityView, MenuAvailabilityChanged, PublicMenu, SetItemAvailability } from '../../shared/sync/menu-api.js';
import { intColumn, textColumn } from '../db/columns.js';
import type { Database, SqlExecutor } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { WEBHOOKS_CHANNEL } from '../orders/projector.js';
import type { StoreDataService } from '../store-data/store-data-service.js';

/** What pricing a channel order needs, read in one go. */
export interface PricingInputs {
  menu: Menu;
  routing: KitchenRouting | undefined;
  availability: (itemId: string) => DerivedAvailability;
}

const MAX_CACHED_MENUS = 256;
/**
 * How long a store's menu head (version, availability state) is reused for ETag checks without asking
 * the database. Changes made through this instance clear it at once; another instance's change shows
 * within this bound (the issue asks for 1 s at every channel).
 */
const HEAD_TTL_MS = 250;

/**
 * The menu on the central server: publishing versions (as the `menu` store data document, plus a
 * history row), availability (the `menu-availability` document, merged entry by entry), the
 * availability derived from sales (counts left, the oversold rule) and the per-channel public menu.
 */
export class MenuService {
  /** The last public menu built per store and channel, keyed by its ETag: a 304 costs one small query. */
  private readonly cache = new Map<string, { etag: string; body: PublicMenu }>();
  private readonly heads = new Map<string, { readAtMs: number; version: number; state: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly storeData: StoreDataService,
  ) {}

  async current(storeId: string): Promise<MenuDocument | undefined> {
    return menuOf(await this.storeData.get(storeId, 'menu'));
  }

  /** A new version over `baseVersion`; 409 when someone published since, 422 listing every problem. */
  async publish(storeId: string, baseVersion: number, publishedBy: string, input: unknown): Promise<MenuDocument> {
    const checked = checkMenu(input);
    if (!checked.ok) {
      const first = checked.problems[0]!;
      throw new HttpError(
        422,
        'invalid_menu',
        `${checked.problems.length} problem(s); first: ${first.path}: ${first.message}`,
        {},
        { problems: checked.problems.slice(0, 200) },
      );
    }
    const now = this.clock.now();
    const written = await this.storeData.writeAsServer(storeId, 'menu', async (held, tx) => {
      const current = menuOf(held)?.version ?? 0;
      if (current !== baseVersion)
        throw new HttpError(
          409,
          'stale_menu_version',
          `the menu is at version ${current}; this publish was made over version ${baseVersion}`,
        );
      const document: MenuDocument = { version: current + 1, publishedBy, publishedAtMs: now, menu: checked.menu };
      await tx.query(
        'INSERT INTO menu_versions (store_id, version, published_by, published_at, body) VALUES ($1, $2, $3, $4, $5::text::jsonb)',
        [storeId, document.version, publishedBy, new Date(now).toISOString(), JSON.stringify(document)],
      );
      return document;
    });
    this.heads.delete(storeId);
    return menuOf(written)!;
  }

  /** An older version from the history (export, audit). */
  async version(storeId: string, version: number): Promise<MenuDocument | undefined> {
    const [row] = await this.db.query('SELECT body FROM menu_versions WHERE store_id = $1 AND version = $2', [storeId, version]);
    return row === undefined ? undefined : MenuDocument.parse(typeof row['body'] === 'string' ? JSON.parse(row['body']) : row['body']);
  }

  /** The first version from a seed (the catalog file or demo catalog) when the store has none yet; false when it has one. */
  async seed(storeId: string, publishedBy: string, menu: unknown): Promise<boolean> {
    try {
      await this.publish(storeId, 0, publishedBy, menu);
      return true;
    } catch (error) {
      if (error instanceof HttpError && error.code === 'stale_menu_version') return false;
      throw error;
    }
  }

  /** The back office marks an item: stamped by the server, merged into the availability document. */
  async setAvailability(storeId: string, itemId: string, change: SetItemAvailability): Promise<ItemAvailabilityView> {
    const menu = await this.current(storeId);
    if (menu === undefined || !menu.menu.items.some((item) => item.id === itemId))
      throw new HttpError(404, 'unknown_item', `the store's menu has no item "${itemId}"`, {}, { itemId });
    await this.storeData.writeAsServer(storeId, 'menu-availability', async (held) => {
      const before = availabilityOf(held);
      // After the entry it replaces, whatever the clocks say, so it wins the entry's merge.
      const previous = before.items[itemId]?.at;
      const at = encodeHlc(tickHlc(previous === undefined ? HLC_ZERO : decodeHlc(previous), this.clock.now()));
      return setAvailability(before, itemId, {
        soldOut: change.soldOut,
        ...(change.count === undefined ? {} : { count: change.count }),
        at,
        by: SERVER_AUTHOR,
        ...(change.setBy === undefined ? {} : { setBy: change.setBy }),
      });
    });
    await this.refreshStates(storeId);
    const view = (await this.availability(storeId)).find((entry) => entry.itemId === itemId);
    if (view === undefined) throw new Error(`availability of ${itemId} vanished after it was set`);
    return view;
  }

  /** Every item with an availability entry, derived from the sales the server has projected. */
  async availability(storeId: string, db: SqlExecutor = this.db): Promise<ItemAvailabilityView[]> {
    const doc = availabilityOf(await this.storeData.get(storeId, 'menu-availability', db));
    const derived = await this.derive(db, storeId, doc);
    return Object.entries(doc.items)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([itemId, entry]) => {
        const state = derived.get(itemId)!;
        return {
          itemId,
          soldOut: state.soldOut,
          left: state.left,
          ...(entry.count === undefined ? {} : { count: entry.count }),
          setAt: entry.at,
          ...(entry.setBy === undefined ? {} : { setBy: entry.setBy }),
          oversold: state.oversold,
          ...(state.rule === undefined ? {} : { rule: state.rule }),
        };
      });
  }

  /** Menu, routing and derived availability for pricing one channel order (inside its transaction). */
  async pricingInputs(tx: SqlExecutor, storeId: string): Promise<PricingInputs | undefined> {
    const rows = await tx.query(`SELECT kind, version, hlc, author, body FROM store_data WHERE store_id = $1 AND kind = ANY($2)`, [
      storeId,
      ['menu', 'menu-availability', 'kitchen-routing'],
    ]);
    const byKind = new Map(rows.map((row) => [textColumn(row, 'kind'), wireOf(row)]));
    const menu = menuOf(byKind.get('menu'));
    if (menu === undefined) return undefined;
    const routingDoc = byKind.get('kitchen-routing');
    const routing = routingDoc === undefined ? undefined : checkStoreDocument(routingDoc);
    const doc = availabilityOf(byKind.get('menu-availability'));
    const derived = Object.keys(doc.items).length === 0 ? new Map<string, DerivedAvailability>() : await this.derive(tx, storeId, doc);
    return {
      menu: menu.menu,
      routing: routing?.ok && routing.document.kind === 'kitchen-routing' ? routing.document.body : undefined,
      availability: (itemId) => derived.get(itemId) ?? { soldOut: false, left: null, oversold: [] },
    };
  }

  /**
   * Replaces the counted sales of the orders just projected (their non-voided lines, with the hlc of
   * the event that added each; a cancelled order sells nothing), then refreshes the derived
   * availability when one of their items has an entry. Runs in the projection's transaction.
   */
  async recordSales(tx: SqlExecutor, storeId: string, orders: readonly { view: OrderView; log: readonly DomainEvent[] }[]): Promise<void> {
    if (orders.length === 0) return;
    const params: (string | number)[] = [storeId];
    const tuples: string[] = [];
    const items = new Set<string>();
    for (const { view, log } of orders) {
      const addedAt = new Map<string, string>();
      for (const event of log) if (event.type === 'LineAdded') addedAt.set(event.payload.lineId, event.hlc);
      if (view.status === 'cancelled') continue;
      for (const line of view.lines) {
        const at = addedAt.get(line.lineId);
        if (at === undefined) continue;
        const n = params.length;
        params.push(line.lineId, view.id, line.itemId, line.quantity, at);
        tuples.push(`($1, $${n + 1}, $${n + 2}::uuid, $${n + 3}, $${n + 4}, $${n + 5})`);
        items.add(line.itemId);
      }
    }
    const orderIds = orders.map((o) => o.view.id);
    const removed = await tx.query('DELETE FROM menu_item_sales WHERE store_id = $1 AND order_id = ANY($2::uuid[]) RETURNING item_id', [
      storeId,
      orderIds,
    ]);
    for (const row of removed) items.add(textColumn(row, 'item_id'));
    if (tuples.length > 0)
      await tx.query(
        `INSERT INTO menu_item_sales (store_id, line_id, order_id, item_id, quantity, added_hlc) VALUES ${tuples.join(', ')}`,
        params,
      );
    const doc = availabilityOf(await this.storeData.get(storeId, 'menu-availability', tx));
    if ([...items].some((id) => doc.items[id]?.count !== undefined)) await this.refreshStates(storeId, tx);
  }

  /**
   * Recomputes the derived availability of the store's entries (after sales were projected or an
   * entry changed); every item whose state changed gets a new state_seq (which moves the public menu's
   * ETag) and a `menu.availability_changed` delivery to each of the store's webhook endpoints.
   */
  async refreshStates(storeId: string, tx?: SqlExecutor): Promise<number> {
    if (tx === undefined) return this.db.transaction((inner) => this.refreshStates(storeId, inner));
    const doc = availabilityOf(await this.storeData.get(storeId, 'menu-availability', tx));
    const derived = await this.derive(tx, storeId, doc);
    const rows = await tx.query('SELECT item_id, sold_out, left_count, oversold FROM menu_item_state WHERE store_id = $1', [storeId]);
    const known = new Map(rows.map((row) => [textColumn(row, 'item_id'), row]));
    const changed: { itemId: string; state: DerivedAvailability }[] = [];
    // Entries removed since count as available again.
    for (const itemId of known.keys()) if (!derived.has(itemId)) derived.set(itemId, { soldOut: false, left: null, oversold: [] });
    for (const [itemId, state] of derived) {
      const row = known.get(itemId);
      const oversold = state.oversold.reduce((sum, line) => sum + line.units, 0);
      const left = row?.['left_count'] ?? null;
      if (
        row !== undefined &&
        row['sold_out'] === state.soldOut &&
        (left === null ? null : Number(left)) === state.left &&
        Number(row['oversold']) === oversold
      )
        continue;
      changed.push({ itemId, state });
    }
    if (changed.length === 0) return 0;
    this.heads.delete(storeId);
    const endpoints = await tx.query('SELECT id FROM webhook_endpoints WHERE store_id = $1 AND deleted_at IS NULL', [storeId]);
    const nowIso = new Date(this.clock.now()).toISOString();
    for (const { itemId, state } of changed) {
      const oversoldUnits = state.oversold.reduce((sum, line) => sum + line.units, 0);
      const [row] = await tx.query(
        `INSERT INTO menu_item_state (store_id, item_id, sold_out, left_count, oversold, state_seq)
         VALUES ($1, $2, $3, $4, $5, nextval('menu_state_seq'))
         ON CONFLICT (store_id, item_id) DO UPDATE SET sold_out = excluded.sold_out, left_count = excluded.left_count,
           oversold = excluded.oversold, state_seq = excluded.state_seq
         RETURNING state_seq`,
        [storeId, itemId, state.soldOut, state.left, oversoldUnits],
      );
      const stateSeq = intColumn(row!, 'state_seq');
      for (const endpoint of endpoints) {
        const endpointId = textColumn(endpoint, 'id');
        const payload: MenuAvailabilityChanged = {
          type: 'menu.availability_changed',
          storeId,
          itemId,
          available: !state.soldOut,
          left: state.left,
          oversoldUnits,
          stateSeq,
        };
        await tx.query(
          `INSERT INTO webhook_deliveries (message_id, endpoint_id, store_id, order_id, payload, state, next_attempt_at, created_at, updated_at)
           VALUES ($1, $2, $3, NULL, $4::text::jsonb, 'pending', $5, $5, $5) ON CONFLICT (message_id) DO NOTHING`,
          [`msg_menu_${stateSeq}_${endpointId}`, endpointId, storeId, JSON.stringify(payload), nowIso],
        );
      }
    }
    if (endpoints.length > 0) await tx.query('SELECT pg_notify($1, $2)', [WEBHOOKS_CHANNEL, storeId]);
    return changed.length;
  }

  /**
   * The menu for one channel with its ETag. `ifNoneMatch` equal to the current tag answers
   * `notModified` after one small query; a changed tag builds the body once and caches it.
   */
  async publicMenu(storeId: string, channel: Channel, ifNoneMatch: string | undefined): Promise<{ etag: string; body?: PublicMenu }> {
    const head = await this.head(storeId);
    const etag = `"${createHash('sha256')
      .update(`${storeId}\n${channel}\n${head.version}\n${head.state}`)
      .digest('base64url')
      .slice(0, 27)}"`;
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return { etag };
    const key = `${storeId}\n${channel}`;
    const cached = this.cache.get(key);
    if (cached?.etag === etag) return cached;
    const body = await this.buildPublicMenu(storeId, channel);
    // Built from reads that may be newer than the tag: tag it with what it was built from next time.
    if (this.cache.size >= MAX_CACHED_MENUS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { etag, body });
    return { etag, body };
  }

  private async head(storeId: string): Promise<{ version: number; state: number }> {
    const now = this.clock.now();
    const held = this.heads.get(storeId);
    if (held !== undefined && now - held.readAtMs < HEAD_TTL_MS) return held;
    const [row] = await this.db.query(
      `SELECT (SELECT version FROM store_data WHERE store_id = $1 AND kind = 'menu') AS version,
              (SELECT coalesce(max(state_seq), 0) FROM menu_item_state WHERE store_id = $1) AS state`,
      [storeId],
    );
    if (row?.['version'] === null || row?.['version'] === undefined)
      throw new HttpError(404, 'no_menu', `store "${storeId}" has no published menu yet`);
    const head = { readAtMs: now, version: Number(row['version']), state: Number(row['state']) };
    if (this.heads.size >= MAX_CACHED_MENUS) this.heads.delete(this.heads.keys().next().value!);
    this.heads.set(storeId, head);
    return head;
  }

  private async buildPublicMenu(storeId: string, channel: Channel): Promise<PublicMenu> {
    const menu = await this.current(storeId);
    if (menu === undefined) throw new HttpError(404, 'no_menu', `store "${storeId}" has no published menu yet`);
    const states = await this.db.query('SELECT item_id, sold_out, left_count FROM menu_item_state WHERE store_id = $1', [storeId]);
    const byItem = new Map(states.map((row) => [textColumn(row, 'item_id'), row]));
    const items: PublicMenu['items'] = [];
    for (const item of menu.menu.items) {
      const price = channelPrice(menu.menu, item, channel);
      if (price === undefined) continue;
      const state = byItem.get(item.id);
      const left = state?.['left_count'];
      items.push({
        id: item.id,
        name: item.name,
        category: item.category,
        priceMinor: price,
        tax: item.tax,
        modifierGroups: item.modifierGroups,
        available: state?.['sold_out'] !== true,
        left: left === null || left === undefined ? null : Number(left),
      });
    }
    return {
      storeId,
      channel,
      version: menu.version,
      publishedAtMs: menu.publishedAtMs,
      currency: menu.menu.currency,
      categories: menu.menu.categories,
      modifierGroups: menu.menu.modifierGroups,
      items,
    };
  }

  private async derive(db: SqlExecutor, storeId: string, doc: MenuAvailability): Promise<Map<string, DerivedAvailability>> {
    const counted = Object.entries(doc.items).filter(([, entry]) => entry.count !== undefined);
    const sales = new Map<string, CountedSale[]>();
    if (counted.length > 0) {
      const rows = await db.query(
        `SELECT s.item_id, s.order_id::text AS order_id, s.line_id, s.quantity, s.added_hlc
         FROM menu_item_sales s JOIN unnest($2::text[], $3::text[]) AS c (item_id, since) ON s.item_id = c.item_id AND s.added_hlc > c.since
         WHERE s.store_id = $1`,
        [storeId, counted.map(([id]) => id), counted.map(([, entry]) => entry.at)],
      );
      for (const row of rows) {
        const itemId = textColumn(row, 'item_id');
        const list = sales.get(itemId) ?? [];
        list.push({
          orderId: textColumn(row, 'order_id'),
          lineId: textColumn(row, 'line_id'),
          quantity: intColumn(row, 'quantity'),
          addedAt: textColumn(row, 'added_hlc'),
        });
        sales.set(itemId, list);
      }
    }
    return new Map(Object.entries(doc.items).map(([itemId, entry]) => [itemId, deriveCount(entry, sales.get(itemId) ?? [])]));
  }
}

function wireOf(row: Record<string, unknown>): StoreDocumentWire {
  return {
    kind: String(row['kind']),
    version: Number(row['version']),
    hlc: String(row['hlc']),
    author: String(row['author']),
    body: typeof row['body'] === 'string' ? (JSON.parse(row['body']) as unknown) : row['body'],
  };
}

function menuOf(held: StoreDocumentWire | undefined): MenuDocument | undefined {
  if (held === undefined) return undefined;
  const checked = checkStoreDocument(held);
  return checked.ok && checked.document.kind === 'menu' ? checked.document.body : undefined;
}

function availabilityOf(held: StoreDocumentWire | undefined): MenuAvailability {
  if (held === undefined) return { items: {} };
  const checked = checkStoreDocument(held);
  return checked.ok && checked.document.kind === 'menu-availability' ? checked.document.body : { items: {} };
}
