/**
 * @serialport/binding-mock 10.2.2 ships types only for `require`: its package.json "exports" send an
 * ESM import to index-esm.mjs, which has no declarations, so NodeNext resolution finds none. This is the
 * subset of its dist/index.d.ts that drivers and their tests use.
 */
declare module '@serialport/binding-mock' {
  export interface MockOpenOptions {
    path: string;
    baudRate: number;
    dataBits?: 5 | 6 | 7 | 8;
    lock?: boolean;
    stopBits?: 1 | 1.5 | 2;
    parity?: string;
    rtscts?: boolean;
  }

  export interface MockPortInfo {
    path: string;
    manufacturer: string | undefined;
    serialNumber: string | undefined;
    pnpId: string | undefined;
    locationId: string | undefined;
    productId: string | undefined;
    vendorId: string | undefined;
  }

  export interface CreatePortOptions {
    echo?: boolean;
    record?: boolean;
    readyData?: Buffer;
    maxReadSize?: number;
    manufacturer?: string;
    vendorId?: string;
    productId?: string;
  }

  export class MockPortBinding {
    readonly openOptions: Required<MockOpenOptions>;
    lastWrite: null | Buffer;
    recording: Buffer;
    isOpen: boolean;
    emitData(data: Buffer | string): void;
    close(): Promise<void>;
    read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
    write(buffer: Buffer): Promise<void>;
    flush(): Promise<void>;
    drain(): Promise<void>;
  }

  export interface MockBindingInterface {
    list(): Promise<MockPortInfo[]>;
    open(options: MockOpenOptions): Promise<MockPortBinding>;
    reset(): void;
    createPort(path: string, opt?: CreatePortOptions): void;
  }

  export const MockBinding: MockBindingInterface;

  export class CanceledError extends Error {
    canceled: true;
    constructor(message: string);
  }
}
