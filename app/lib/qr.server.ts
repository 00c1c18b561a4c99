import QRCode from "qrcode";

/** The join QR as inline SVG; medium error correction survives a projector's glare. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
