import { IssuedCredential } from '../../shared/sync/admin.js';
import { http } from './http.js';
import { TEST_MENU } from './menu.js';

/** Admin token every test server is started with. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

async function admin(url: string, path: string, json: unknown): Promise<unknown> {
  const reply = await http(`${url}/v1/admin${path}`, { token: ADMIN_TOKEN, json });
  if (reply.status >= 300) throw new Error(`admin ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function createStore(url: string, storeId: string): Promise<void> {
  await admin(url, '/stores', { id: storeId, name: `Store ${storeId}` });
}

/** Creates the store if needed and returns a fresh station token. */
export async function stationToken(url: string, storeId: string, stationId: string): Promise<string> {
  await createStore(url, storeId);
  return IssuedCredential.parse(await admin(url, `/stores/${storeId}/stations`, { stationId })).token;
}

/** Publishes TEST_MENU as the store's first version unless it has one (channel orders are priced from it). */
export async function ensureTestMenu(url: string, storeId: string): Promise<void> {
  const reply = await http(`${url}/v1/admin/stores/${storeId}/menu`, {
    token: ADMIN_TOKEN,
    json: { baseVersion: 0, publishedBy: 'test', menu: TEST_MENU },
  });
  if (reply.status !== 201 && reply.status !== 409) throw new Error(`menu publish answered ${reply.status}: ${JSON.stringify(reply.body)}`);
}

export async function channelKey(
  url: string,
  storeId: string,
  channel: 'web' | 'mobile' | 'kiosk',
  origin?: string,
): Promise<{ token: string; credentialId: string }> {
  await createStore(url, storeId);
  await ensureTestMenu(url, storeId);
  const issued = IssuedCredential.parse(await admin(url, `/stores/${storeId}/channels`, { channel, ...(origin ? { origin } : {}) }));
  return { token: issued.token, credentialId: issued.credential.id };
}
