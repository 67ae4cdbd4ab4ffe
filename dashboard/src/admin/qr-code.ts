/** A QR code as an SVG element, drawn in the browser from the text (qrcode-generator, no network, no markup strings). */
import qrcode from 'qrcode-generator';

const SVG = 'http://www.w3.org/2000/svg';
/** The quiet zone the QR standard asks for, in modules: scanners need it to find the code. */
const QUIET = 4;

/** The dark modules of `text`'s QR code (error correction M: a phone camera reads it off a screen), row by row. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

/** One SVG path for all dark modules, one unit per module, offset by the quiet zone. */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x + QUIET} ${y + QUIET}h1v1h-1z`)));
  return parts.join('');
}

/** `text` as a scalable QR code: dark on white whatever the theme, since scanners expect that. */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const modules = qrModules(text);
  const size = modules.length + QUIET * 2;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const dark = document.createElementNS(SVG, 'path');
  dark.setAttribute('d', qrPath(modules));
  dark.setAttribute('fill', '#000');
  svg.append(background, dark);
  return svg;
}
