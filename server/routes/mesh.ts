import type { FastifyInstance } from 'fastify';
import { PairRequest, type PairResponse, type RevocationList } from '../../shared/sync/mesh.js';
import { storeCaller, type ServerContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import { PairingRefused } from '../mesh/mesh-authority.js';

/** Store-mesh pairing: a station trades its public keys for a store-signed certificate it shows its peers offline. */
export function meshRoutes(ctx: ServerContext) {
  return async (v1: FastifyInstance): Promise<void> => {
    v1.post('/stores/:store/mesh/pair', async (request) => {
      const station = storeCaller(request, ['station']);
      const body = parseOr400(PairRequest, request.body);
      // A credential issued for one station pairs that station only; an embedded (store-wide) one any station.
      if (station.stationId !== null && station.stationId !== body.stationId) {
        throw new HttpError(403, 'station_mismatch', `this credential pairs station "${station.stationId}", not "${body.stationId}"`);
      }
      let answer: PairResponse;
      try {
        answer = await ctx.mesh.pair(station.storeId, station.credentialId, body);
      } catch (error) {
        if (error instanceof PairingRefused) throw new HttpError(403, error.code, error.message);
        throw error;
      }
      request.log.info({ storeId: station.storeId, stationId: body.stationId }, 'station paired into the store mesh');
      return answer;
    });

    v1.get('/stores/:store/mesh/revocations', async (request) => {
      const station = storeCaller(request, ['station']);
      const body: RevocationList = { revocations: await ctx.mesh.revocations(station.storeId) };
      return body;
    });
  };
}
