/** Settings that cannot describe a working station (duplicate ids, routes to unknown printers, unknown devices). */
export class DeviceSettingsError extends Error {
  override readonly name = 'DeviceSettingsError';
}
