import { createQrDetector } from '../src/lib/qr-detector';

type Global = { BarcodeDetector?: unknown };

/** A BarcodeDetector class as a browser would have it, reading the formats it lists (none listed: unknown). */
function browserDetector(formats?: string[]) {
  return class {
    static getSupportedFormats = formats === undefined ? undefined : () => Promise.resolve(formats);
    constructor(readonly options: { formats: string[] }) {}
    detect() {
      return Promise.resolve([{ rawValue: 'code' }]);
    }
  };
}

afterEach(() => {
  delete (globalThis as Global).BarcodeDetector;
});

describe('createQrDetector', () => {
  test('When the browser has no BarcodeDetector, then there is none (the door offers no camera)', async () => {
    expect(await createQrDetector()).toBeNull();
  });

  test('When its BarcodeDetector reads QR codes, then a detector for QR codes is made', async () => {
    (globalThis as Global).BarcodeDetector = browserDetector(['ean_13', 'qr_code']);

    const detector = await createQrDetector();

    expect(detector).toMatchObject({ options: { formats: ['qr_code'] } });
  });

  test('When its BarcodeDetector does not list qr_code, then there is none', async () => {
    (globalThis as Global).BarcodeDetector = browserDetector(['ean_13', 'code_128']);

    expect(await createQrDetector()).toBeNull();
  });

  test('When it does not say what it reads, then it is tried for QR codes', async () => {
    (globalThis as Global).BarcodeDetector = browserDetector();

    expect(await createQrDetector()).toMatchObject({ options: { formats: ['qr_code'] } });
  });

  test('When asking what it reads fails, then there is none rather than an error', async () => {
    (globalThis as Global).BarcodeDetector = class {
      static getSupportedFormats = () => Promise.reject(new Error('NotSupportedError'));
    };

    expect(await createQrDetector()).toBeNull();
  });
});
