import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  checkStoreDocument,
  SERVER_ONLY_KINDS,
  STORE_DATA_MAX_LEAD_MS,
  StoreDataQuery,
  StoreDocumentWire,
} from '../../shared/store-data.js';
import { decodeHlc } from '../../shared/hlc.js';
import { storeCaller, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400, withoutEmptyValues } from '../http/validate.js';

const KindParams = z.object({ store: z.string(), kind: z.string().min(1).max(40) });

/**
 * Store data (kitchen routing; later the menu, availability, staff): stations push documents written
 * at them and pull what won since their cursor. The server keeps the same last-writer-wins register
 * per kind as every station, so a document that loses here is not an error: the answer names the
 * winner, which the station then applies.
 */
export function storeDataRoutes(ctx: ServerContext) {
  return async (v1: FastifyInstance): Promise<void> => {
    v1.put('/stores/:store/data/:kind', async (request) => {
      const station = storeCaller(request, ['station']);
      const { kind } = parseOr400(KindParams, request.params);
      const wire = parseOr400(StoreDocumentWire, request.body);
      if (wire.kind !== kind)
        throw new HttpError(400, 'bad_request', `kind: the body is a "${wire.kind}" document, the URL says "${kind}"`);
      if (station.stationId !== null && station.stationId !== wire.author) {
        throw new HttpError(403, 'origin_mismatch', `this credential writes as "${station.stationId}", not "${wire.author}"`);
      }
      // Published and set on the server only (a menu publish checks the version it was made over; PINs are hashed there).
      if (SERVER_ONLY_KINDS.has(wire.kind))
        throw new HttpError(403, 'server_only_kind', `"${wire.kind}" documents are written on the server (the admin API), not by stations`);
      const checked = checkStoreDocument(wire);
      if (!checked.ok) throw new HttpError(422, 'invalid_document', checked.reason);
      const lead = decodeHlc(wire.hlc).wallMs - ctx.clock.now();
      // It would win every later edit until the clocks caught up.
      if (lead > STORE_DATA_MAX_LEAD_MS)
        throw new HttpError(422, 'clock_ahead', `hlc is ${lead} ms ahead of the server's clock (limit ${STORE_DATA_MAX_LEAD_MS} ms)`);
      const result = await ctx.storeData.put(station.storeId, checked.document);
      // A station's "86" (or recount): the derived availability, the public menu and the webhooks follow.
      if (result.won && kind === 'menu-availability') await ctx.menu.refreshStates(station.storeId);
      request.log.info(
        { storeId: station.storeId, kind, version: wire.version, hlc: wire.hlc, author: wire.author, won: result.won },
        'store data pushed',
      );
      return result;
    });

    v1.get('/stores/:store/data', async (request) => {
      const station = storeCaller(request, ['station']);
      const query = parseOr400(StoreDataQuery, withoutEmptyValues(request.query));
      return ctx.storeData.changes(station.storeId, query.after);
    });
  };
}
