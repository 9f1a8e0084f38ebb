import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CredentialView } from '../shared/sync/admin.js';
import { WhoAmI } from '../shared/sync/protocol.js';
import { startCentralServer, type CentralServer } from './central-server.js';
import { embeddedStationCredential } from './embedded-credential.js';
import { http } from './testing/http.js';

const ADMIN = 'embedded-admin-token-0123456789';
const silent = pino({ level: 'silent' });
const CredentialList = z.object({ credentials: z.array(CredentialView) });

describe('embedded station credential (npm start)', () => {
  const dirs: string[] = [];
  const servers: CentralServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-embedded-cred-'));
    dirs.push(dir);
    return dir;
  };
  /** What the launcher does: the credential from the data directory, then the server with it. */
  const launch = async (dataDir: string, stationId: string) => {
    const credential = embeddedStationCredential(join(dataDir, 'server'), stationId);
    const server = await startCentralServer({
      dataDir: join(dataDir, 'server', 'pglite'),
      bootstrap: credential.bootstrap,
      adminToken: ADMIN,
      logger: silent,
    });
    servers.push(server);
    credential.forgetRetired();
    return { credential, server };
  };
  const whoAmI = async (server: CentralServer, token: string) => {
    const reply = await http(`${server.url}/v1/auth/me`, { token });
    return reply.status === 200 ? WhoAmI.parse(reply.body) : reply.status;
  };
  const stationCredentials = async (server: CentralServer) =>
    CredentialList.parse((await http(`${server.url}/v1/admin/stores/local/credentials`, { token: ADMIN })).body).credentials.filter(
      (c) => c.kind === 'station',
    );
  const restart = async (server: CentralServer) => {
    await server.close();
    servers.splice(servers.indexOf(server), 1);
  };

  // Each step restarts a PGlite data directory, which takes seconds on a loaded machine.
  const SLOW = 120_000;

  it(
    'issues one credential per station, keeps it across restarts, and replaces it when the station is renamed',
    { timeout: SLOW },
    async () => {
      const dataDir = tempDir();
      const first = await launch(dataDir, 'station-1');
      expect(first.credential.token).toMatch(/^pos_st_/);
      expect(statSync(join(dataDir, 'server', 'station-credential.json')).mode & 0o777).toBe(0o600);
      expect(await whoAmI(first.server, first.credential.token)).toMatchObject({
        kind: 'station',
        storeId: 'local',
        stationId: 'station-1',
      });
      const [issued] = await stationCredentials(first.server);
      await restart(first.server);

      const second = await launch(dataDir, 'station-1');
      expect(second.credential.token).toBe(first.credential.token);
      // Same data directory, same credential: no second station appears in the store.
      expect(await stationCredentials(second.server)).toEqual([issued]);
      expect(await whoAmI(second.server, second.credential.token)).toMatchObject({ stationId: 'station-1' });
      await restart(second.server);

      const renamed = await launch(dataDir, 'till-2');
      expect(renamed.credential.token).not.toBe(first.credential.token);
      expect(await whoAmI(renamed.server, renamed.credential.token)).toMatchObject({ stationId: 'till-2' });
      expect(await whoAmI(renamed.server, first.credential.token)).toBe(401);
    },
  );

  it('retires the store-wide secret an older launcher left behind', { timeout: SLOW }, async () => {
    const dataDir = tempDir();
    const legacy = 'legacy-shared-sync-token-0123456789';
    const old = await startCentralServer({ dataDir: join(dataDir, 'server', 'pglite'), syncToken: legacy, logger: silent });
    servers.push(old);
    expect(await whoAmI(old, legacy)).toMatchObject({ kind: 'station', stationId: null });
    await restart(old);
    writeFileSync(join(dataDir, 'server', 'sync-token'), legacy);

    const { credential, server } = await launch(dataDir, 'station-1');
    expect(await whoAmI(server, legacy)).toBe(401);
    expect(await whoAmI(server, credential.token)).toMatchObject({ stationId: 'station-1' });
    expect(existsSync(join(dataDir, 'server', 'sync-token'))).toBe(false);
    expect((await stationCredentials(server)).filter((c) => c.revokedAt === null).map((c) => c.subject)).toEqual(['station-1']);
  });

  it('refuses a damaged credential file with a message naming it', () => {
    const serverDir = join(tempDir(), 'server');
    mkdirSync(serverDir, { recursive: true });
    writeFileSync(join(serverDir, 'station-credential.json'), '{"stationId": "station-1"}');
    expect(() => embeddedStationCredential(serverDir, 'station-1')).toThrow(/station-credential\.json is not a station credential/);
    writeFileSync(join(serverDir, 'station-credential.json'), 'not json');
    expect(() => embeddedStationCredential(serverDir, 'station-1')).toThrow(/station-credential\.json is not readable JSON/);
    expect(readFileSync(join(serverDir, 'station-credential.json'), 'utf8')).toBe('not json');
  });
});
