// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- binding-mock's ESM entry has no types; ours must travel with this module
/// <reference path="../types/serialport-binding-mock.d.ts" preserve="true" />
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { SerialBinding } from '../transport/serial-transport.js';

export { MockBinding, type MockPortBinding };

export interface CapturingMockBinding {
  binding: SerialBinding;
  /** Every port opened through `binding`, in order: `.emitData()` plays the device, `.recording` shows what it received. */
  opened: MockPortBinding[];
  last(): MockPortBinding;
}

/**
 * @serialport/binding-mock with a handle on the ports it opens, for tests and browser-mode demos that
 * need to play the device side of a SerialTransport. Create ports with MockBinding.createPort first
 * and call MockBinding.reset() afterwards.
 */
export function capturingMockBinding(): CapturingMockBinding {
  const opened: MockPortBinding[] = [];
  const binding: SerialBinding = {
    list: () => MockBinding.list(),
    open: async (options) => {
      const port = await MockBinding.open(options);
      opened.push(port);
      return port;
    },
  };
  return {
    binding,
    opened,
    last() {
      const port = opened[opened.length - 1];
      if (!port) throw new Error('no mock port has been opened yet');
      return port;
    },
  };
}

/** A binding whose open() fails like bindings-cpp does for a device node the user may not open. */
export function permissionDeniedBinding(): SerialBinding {
  return {
    list: () => MockBinding.list(),
    open: async (options) => {
      throw Object.assign(new Error(`Error: Permission denied, cannot open ${options.path}`), { code: 'EACCES' });
    },
  };
}

/** Makes the port's next read fail as an unplugged USB-serial adapter does (serialport then closes the stream). */
export function unplugOnNextRead(port: MockPortBinding, message = 'EIO: i/o error, read'): void {
  port.read = async () => {
    throw new Error(message);
  };
}
