import { describe, expect, it } from 'vitest';
import { DEMO_PINS, DEMO_STAFF } from './demo-staff.js';
import { hashPin, parsePinHash, verifyPin, verifyPinAsync } from './pin-hash.js';
import { StaffConfig } from './staff-config.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('PIN hashes', () => {
  it('verify the PIN they were made from and nothing else', () => {
    const hash = hashPin('4821', cheap);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
    expect(verifyPin('4821', hash)).toBe(true);
    expect(verifyPin('4822', hash)).toBe(false);
    expect(verifyPin('48210', hash)).toBe(false);
  });

  it('verify the same off the main thread', async () => {
    const hash = hashPin('4821', cheap);
    expect(await verifyPinAsync('4821', hash)).toBe(true);
    expect(await verifyPinAsync('1248', hash)).toBe(false);
    expect(await verifyPinAsync('4821', 'scrypt$3$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBe(false);
  });

  it('salt every hash, so two people with the same PIN do not share a hash', () => {
    expect(hashPin('1234', cheap)).not.toBe(hashPin('1234', cheap));
  });

  it('refuse PINs that are not 4 to 8 digits', () => {
    expect(() => hashPin('123', cheap)).toThrow(RangeError);
    expect(() => hashPin('123456789', cheap)).toThrow(RangeError);
    expect(() => hashPin('12a4', cheap)).toThrow(RangeError);
  });

  it('never match a malformed or unrunnable hash', () => {
    const good = hashPin('1234', cheap);
    expect(verifyPin('1234', good.replace('scrypt$1024', 'scrypt$1000'))).toBe(false); // N not a power of two
    expect(verifyPin('1234', good.replace('scrypt$1024', 'scrypt$1073741824'))).toBe(false); // too costly for a till
    expect(verifyPin('1234', 'plain-1234')).toBe(false);
    expect(parsePinHash('scrypt$1024$8$1$$')).toBeUndefined();
  });

  it('the demo staff config is valid and its PINs match', () => {
    const config = StaffConfig.parse(DEMO_STAFF);
    const alex = config.members.find((m) => m.id === 'alex')!;
    const morgan = config.members.find((m) => m.id === 'morgan')!;
    expect(alex.role).toBe('cashier');
    expect(morgan.role).toBe('manager');
    expect(verifyPin(DEMO_PINS.alex, alex.pinHash)).toBe(true);
    expect(verifyPin(DEMO_PINS.morgan, morgan.pinHash)).toBe(true);
    expect(verifyPin(DEMO_PINS.morgan, alex.pinHash)).toBe(false);
  });

  it('the staff config refuses plain PINs and duplicate ids', () => {
    const member = { id: 'alex', name: 'Alex', role: 'cashier', pinHash: hashPin('1111', cheap) };
    expect(StaffConfig.safeParse({ members: [{ ...member, pinHash: '1111' }] }).success).toBe(false);
    expect(StaffConfig.safeParse({ members: [member, member] }).success).toBe(false);
    expect(StaffConfig.parse({ members: [member] }).requireSignIn).toBe(true);
  });
});
