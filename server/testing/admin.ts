import { IssuedCredential } from '../../shared/sync/admin.js';
import { http } from './http.js';

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

export async function channelKey(
  url: string,
  storeId: string,
  channel: 'web' | 'mobile' | 'kiosk',
  origin?: string,
): Promise<{ token: string; credentialId: string }> {
  await createStore(url, storeId);
  const issued = IssuedCredential.parse(await admin(url, `/stores/${storeId}/channels`, { channel, ...(origin ? { origin } : {}) }));
  return { token: issued.token, credentialId: issued.credential.id };
}
