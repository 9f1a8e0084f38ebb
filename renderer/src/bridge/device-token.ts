import { PairAnswer, type PairableRole } from '../../../shared/ipc/commands/windows.js';

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

export type PairingOutcome = { ok: true; token: string; role: PairableRole } | { ok: false; message: string };

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
  const answer = PairAnswer.safeParse(await response.json().catch(() => null));
  if (!answer.success) return { ok: false, message: `The station refused (${response.status})` };
  if ('error' in answer.data) return { ok: false, message: answer.data.error };
  return response.ok ? { ok: true, token: answer.data.token, role: answer.data.role } : { ok: false, message: 'Unexpected answer' };
}
