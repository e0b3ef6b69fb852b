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
    const url = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml' }));
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = ${READ_SIZE};
    canvas.height = ${READ_SIZE};
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, ${READ_SIZE}, ${READ_SIZE});
    URL.revokeObjectURL(url);
    return Array.from(context.getImageData(0, 0, ${READ_SIZE}, ${READ_SIZE}).data);
  })()`)) as number[] | null;
  if (!pixels) return null;
  return jsQR(Uint8ClampedArray.from(pixels), READ_SIZE, READ_SIZE)?.data ?? null;
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
