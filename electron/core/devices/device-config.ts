import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { DeviceSettings } from '../../../drivers/manager/device-settings.js';
import { DevicesConfig as DevicesConfigSchema, SIMULATED_DEVICES } from '../../../shared/ipc/devices.js';

/** The schema lives in shared/ so the settings window checks an edit with the very rules the core applies. */
export const DevicesConfig = DevicesConfigSchema;

export type DevicesConfig = z.output<typeof DevicesConfig>;
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

/** The simulated set a station runs when station.json has no devices section. */
export const VIRTUAL_DEVICES: DevicesConfigInput = SIMULATED_DEVICES;

/**
 * Turns validated config into driver settings, reading logo files now. A logo that cannot be read
 * (moved, deleted since it was saved) is reported and left off the receipts: never a reason for the
 * till not to start.
 */
export function toDeviceSettings(
  config: DevicesConfig,
  readFile: (path: string) => Uint8Array = readFileSync,
  onLogoError: (printerId: string, path: string, error: unknown) => void = () => {},
): DeviceSettings {
  const logo = (printerId: string, path: string): { logoPng?: Uint8Array } => {
    try {
      return { logoPng: readFile(path) };
    } catch (error) {
      onLogoError(printerId, path, error);
      return {};
    }
  };
  return {
    printers: config.printers.map(({ logoFile, ...printer }) => ({
      ...printer,
      ...(logoFile ? logo(printer.id, logoFile) : {}),
    })),
    routing: config.routing,
    scanners: config.scanners,
    displays: config.displays,
    ...(config.heartbeatMs ? { heartbeatMs: config.heartbeatMs } : {}),
    ...(config.fallbackAfterMs ? { fallbackAfterMs: config.fallbackAfterMs } : {}),
    ...(config.hotplugPollMs ? { hotplugPollMs: config.hotplugPollMs } : {}),
  };
}

/** The devices section as the diagnostics window shows it, and whether it is the simulated default set. */
export function activeDevicesConfig(config: DevicesConfig): { config: Record<string, unknown>; usingDefaults: boolean } {
  const plain = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  return { config: plain, usingDefaults: JSON.stringify(config) === JSON.stringify(DevicesConfig.parse(VIRTUAL_DEVICES)) };
}
