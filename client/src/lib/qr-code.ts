import 'server-only';
import QRCode from 'qrcode';

/**
 * An e-ticket's code as a QR code, an SVG drawn on the server (DESIGN §12): the page needs no script to show it, it
 * prints sharp at any size, and the browser never loads the encoder. Error correction M (15 %) survives a scuffed
 * phone screen at the door; the four-module quiet zone is what scanners expect around the symbol.
 */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}
