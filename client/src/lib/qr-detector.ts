/**
 * The part of the browser's Barcode Detection API that the door page uses. It is not in TypeScript's DOM types yet,
 * and only some browsers have it (Chrome on Android and macOS, Safari behind a flag): the page asks at run time and
 * offers the camera only where it can read QR codes, while typing or pasting the code always works.
 */
export interface QrDetector {
  detect(source: HTMLVideoElement): Promise<ReadonlyArray<{ rawValue: string }>>;
}

type BarcodeDetectorClass = {
  new (options: { formats: string[] }): QrDetector;
  getSupportedFormats?: () => Promise<string[]>;
};

/** A detector that reads QR codes, or null where the browser has none (or one that cannot read QR codes). */
export async function createQrDetector(): Promise<QrDetector | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    // A platform may have the API without a QR reader (it lists what it reads); one that does not say is tried.
    const formats = (await Detector.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

/** Whether this browser can give the page a camera's video at all (a secure context, a camera API). */
export function canOpenCamera(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}
