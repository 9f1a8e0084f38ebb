import { describe, expect, it } from 'vitest';
import { classifySerialError, permissionFix } from './serial-errors.js';

describe('classifySerialError', () => {
  it('maps bindings-cpp permission failures (message only, no code) to permission_denied with the group to join', () => {
    const reason = classifySerialError(new Error('Error: Permission denied, cannot open /dev/ttyUSB0'), '/dev/ttyUSB0');
    expect(reason).toMatchObject({ kind: 'permission_denied' });
    expect(reason.kind === 'permission_denied' && reason.fix).toContain('dialout');
  });

  it('maps EACCES codes too, and names the lp group for /dev/usb/lp*', () => {
    const error = Object.assign(new Error('open failed'), { code: 'EACCES' });
    expect(classifySerialError(error, '/dev/usb/lp0')).toEqual({
      kind: 'permission_denied',
      message: 'open failed',
      fix: permissionFix('/dev/usb/lp0'),
    });
    expect(permissionFix('/dev/usb/lp0')).toContain('"lp"');
  });

  it('maps DisconnectedError, ENXIO and missing ports to unplugged', () => {
    expect(
      classifySerialError(
        Object.assign(new Error('Reading from COM port (ReadIOCompletion): Access denied?'), { disconnected: true }),
        'COM3',
      ).kind,
    ).toBe('permission_denied');
    expect(classifySerialError(Object.assign(new Error('read failed'), { disconnected: true }), 'x').kind).toBe('unplugged');
    expect(classifySerialError(new Error('ENXIO: no such device or address, write'), 'x').kind).toBe('unplugged');
    expect(classifySerialError(new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'), 'x').kind).toBe('unplugged');
  });

  it('maps a locked or busy port to refused', () => {
    expect(classifySerialError(new Error('Port is locked cannot open'), '/dev/ttyS0').kind).toBe('refused');
    expect(classifySerialError(new Error('Error: Resource temporarily unavailable Cannot lock port'), '/dev/ttyS0').kind).toBe('refused');
  });

  it('falls back to error and keeps the text', () => {
    expect(classifySerialError('weird', 'x')).toEqual({ kind: 'error', message: 'weird' });
  });
});
