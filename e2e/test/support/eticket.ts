import jsQR from 'jsqr';
import type { BrowserContext, Page } from 'playwright-core';

/** The side of the square the QR code is drawn at to be read: about 6 pixels a module for a code of ~250 characters. */
const READ_SIZE = 400;

/**
 * What the e-ticket's QR code on the page says, read the way a phone at the door would read it: the SVG drawn as an
 * image on a canvas in the browser, its pixels decoded by jsQR here. Null when it cannot be read.
 */
export async function readQrCode(page: Page): Promise<string | null> {
  const pixels = (await page.evaluate(`(async () => {
    const svg = document.querySelector('[data-testid="eticket-qr"] svg');
    if (!svg) return null;
    const source = svg.outerHTML.replace('<svg', '<svg width="${READ_SIZE}" height="${READ_SIZE}"');
    const image = new Image();
    // A data: URL, which the client's Content-Security-Policy allows for images (a blob: URL it refuses).
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(source);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = ${READ_SIZE};
    canvas.height = ${READ_SIZE};
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, ${READ_SIZE}, ${READ_SIZE});
    // As base64 text: an array of 640,000 numbers took Playwright's serialiser seconds.
    const bytes = context.getImageData(0, 0, ${READ_SIZE}, ${READ_SIZE}).data;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  })()`)) as string | null;
  if (!pixels) return null;
  return jsQR(new Uint8ClampedArray(Buffer.from(pixels, 'base64')), READ_SIZE, READ_SIZE)?.data ?? null;
}

/**
 * A stand-in for the browser's BarcodeDetector (Chromium on Linux has none), installed in every page of `context`:
 * it reads `window.__doorScan` from a playing video only, so the door page's camera path is driven end to end, from
 * getUserMedia (Chromium's fake camera, see launchChromium) to the check-in, with the QR decoding left out.
 */
export async function installBarcodeDetectorStandIn(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['camera']);
  await context.addInitScript(`
    window.BarcodeDetector = class {
      static async getSupportedFormats() { return ['qr_code']; }
      constructor(options) { this.formats = options.formats; }
      async detect(video) {
        const playing = video instanceof HTMLVideoElement && video.srcObject && video.readyState >= 2 && !video.paused;
        return playing && window.__doorScan ? [{ rawValue: window.__doorScan, format: 'qr_code' }] : [];
      }
    };
  `);
}

/** What the door scanner will read next from the camera (see {@link installBarcodeDetectorStandIn}). */
export function holdUpToCamera(page: Page, code: string): Promise<unknown> {
  return page.evaluate(`window.__doorScan = ${JSON.stringify(code)}`);
}
