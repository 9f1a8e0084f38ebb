import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CatalogItemId } from '../../shared/catalog.js';
import { Channel } from '../../shared/events/envelope.js';
import { KitchenRouting } from '../../shared/ipc/commands/kitchen.js';
import { OfflineLimits } from '../../shared/payments/offline-limits.js';
import { PublishMenu, SetItemAvailability, SetStaff } from '../../shared/sync/menu-api.js';
import { StoreId } from '../../shared/sync/protocol.js';
import { requireAdmin, storeCaller, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import { setStaff, staffView } from '../staff/staff-store.js';

const StoreParams = z.object({ store: StoreId });
const ItemParams = z.object({ store: StoreId, itemId: CatalogItemId });
const VersionParams = z.object({ store: StoreId, version: z.coerce.number().int().positive() });

/** A 2,000-item menu is about half a megabyte as JSON; the menu's own byte limit is checked after parsing. */
export const MENU_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** The back office's menu, availability, staff and routing (admin token), and the per-channel menu for channels and stations. */
export function menuRoutes(ctx: ServerContext) {
  return async (v1: FastifyInstance): Promise<void> => {
    v1.get('/stores/:store/menu', async (request, reply) => {
      const caller = storeCaller(request, ['channel', 'station']);
      const channel = caller.kind === 'station' ? 'counter' : Channel.parse(caller.channel);
      const ifNoneMatch = request.headers['if-none-match'];
      const result = await ctx.menu.publicMenu(caller.storeId, channel, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined);
      // Cacheable, but revalidated every time: availability changes within seconds.
      reply.header('etag', result.etag).header('cache-control', 'private, no-cache');
      if (result.body === undefined) return reply.code(304).send();
      return result.body;
    });

    await v1.register(async (admin) => {
      admin.addHook('preHandler', async (request) => requireAdmin(request));

      admin.get('/admin/stores/:store/menu', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        const menu = await ctx.menu.current(store);
        if (menu === undefined) throw new HttpError(404, 'no_menu', `store "${store}" has no published menu yet`);
        return menu;
      });

      admin.get('/admin/stores/:store/menu/versions/:version', async (request) => {
        const { store, version } = parseOr400(VersionParams, request.params);
        const menu = await ctx.menu.version(store, version);
        if (menu === undefined) throw new HttpError(404, 'not_found', `store "${store}" has no menu version ${version}`);
        return menu;
      });

      admin.post('/admin/stores/:store/menu', { bodyLimit: MENU_BODY_LIMIT_BYTES }, async (request, reply) => {
        const { store } = parseOr400(StoreParams, request.params);
        const body = parseOr400(PublishMenu, request.body);
        if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
        const published = await ctx.menu.publish(store, body.baseVersion, body.publishedBy, body.menu);
        request.log.info({ storeId: store, version: published.version, items: published.menu.items.length }, 'menu published');
        return reply.code(201).send(published);
      });

      admin.get('/admin/stores/:store/menu/availability', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        return { items: await ctx.menu.availability(store) };
      });

      admin.put('/admin/stores/:store/menu/availability/:itemId', async (request) => {
        const { store, itemId } = parseOr400(ItemParams, request.params);
        const body = parseOr400(SetItemAvailability, request.body);
        const view = await ctx.menu.setAvailability(store, itemId, body);
        request.log.info({ storeId: store, itemId, soldOut: view.soldOut, left: view.left }, 'availability set');
        return view;
      });

      admin.get('/admin/stores/:store/staff', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        return staffView(await ctx.storeData.get(store, 'staff'));
      });

      admin.put('/admin/stores/:store/staff', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        const body = parseOr400(SetStaff, request.body);
        if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
        const written = await setStaff(ctx.storeData, store, body);
        // Names and roles only: never a PIN or its hash.
        request.log.info({ storeId: store, members: body.members.length, version: written.version }, 'staff set');
        return written;
      });

      admin.put('/admin/stores/:store/kitchen-routing', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        const routing = parseOr400(KitchenRouting, request.body);
        if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
        return ctx.storeData.writeAsServer(store, 'kitchen-routing', async () => routing);
      });

      admin.put('/admin/stores/:store/offline-card-limits', async (request) => {
        const { store } = parseOr400(StoreParams, request.params);
        const limits = parseOr400(OfflineLimits, request.body);
        if (!(await ctx.credentials.storeExists(store))) throw new HttpError(404, 'not_found', `no store ${store}`);
        request.log.info({ storeId: store, limits }, 'offline card limits set');
        return ctx.storeData.writeAsServer(store, 'offline-card-limits', async () => limits);
      });
    });
  };
}
