import { z } from 'zod';

/**
 * A paired LAN device's token, per window role, in the browser's localStorage: it must outlive the tab
 * (a kitchen tablet reboots) and never appears in a URL. Local windows keep using `#token=` (token.ts).
 */
const KEY_PREFIX = 'pos.station.device.';

export interface DeviceStorage {
  getItem: (key: string) => string | null;
  setItem: (key: string, value: string) => void;
  removeItem: (key: string) => void;
}

/** Every use is guarded: storage access throws in some locked-down browsers. */
export function readDeviceToken(storage: DeviceStorage | null, role: string): string | null {
  try {
    return storage?.getItem(KEY_PREFIX + role) || null;
  } catch {
    return null;
  }
}

export function saveDeviceToken(storage: DeviceStorage | null, role: string, token: string): boolean {
  try {
    if (!storage) return false;
    storage.setItem(KEY_PREFIX + role, token);
    return true;
  } catch {
    return false;
  }
}

export function forgetDeviceToken(storage: DeviceStorage | null, role: string): void {
  try {
    storage?.removeItem(KEY_PREFIX + role);
  } catch {
    // Nothing stored to forget.
  }
}

const Paired = z.object({ token: z.string().min(16), role: z.enum(['cashier', 'kitchen', 'customer']), deviceId: z.string() });
const Refused = z.object({ error: z.string() });

export type PairingOutcome = { ok: true; token: string; role: 'cashier' | 'kitchen' | 'customer' } | { ok: false; message: string };

/** Trades the code shown at the counter for this device's token (`POST /pair` on the station's origin). */
export async function requestPairing(fetchImpl: typeof fetch, code: string, name: string): Promise<PairingOutcome> {
  let response: Response;
  try {
    response = await fetchImpl('/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code.trim(), name: name.trim() }),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, message: 'The station did not answer: check the network and try again' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const paired = Paired.safeParse(body);
    return paired.success ? { ok: true, token: paired.data.token, role: paired.data.role } : { ok: false, message: 'Unexpected answer' };
  }
  const refused = Refused.safeParse(body);
  return { ok: false, message: refused.success ? refused.data.error : `The station refused (${response.status})` };
}
