import QRCode from "qrcode"

/**
 * The QR code of a Scan Key Code as an SVG document. The code is upper-case letters and digits only, so it is
 * encoded in QR alphanumeric mode (smaller symbol, faster scan); error correction M suits phone screens.
 */
export function scanKeyQrSvg(code: string): Promise<string> {
  return QRCode.toString([{ data: code, mode: "alphanumeric" }], { type: "svg", errorCorrectionLevel: "M", margin: 2 })
}
