/** The capture link of a new camera token, as a QR code a phone scans to become that camera (see docs/browser-camera.md). */
import './capture-qr.css';
import { captureLink } from '../capture-page/capture-link.js';
import { el } from '../dom.js';
import { qrSvg } from './qr-code.js';

/** True when a phone opening `server` would get no camera: browsers give it only to HTTPS pages (and localhost). */
export function needsHttps(server: string): boolean {
  const url = new URL(server);
  return url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1' && url.hostname !== '[::1]';
}

/** The block under a new token's secret: QR code, the link itself with a copy button, and HTTPS advice when it applies. */
export function captureQr(server: string, cameraId: string, secret: string): HTMLElement {
  const link = captureLink(server, cameraId, secret);
  const box = el('div', 'capture-qr', 'capture-qr');
  const code = el('div', 'capture-qr-code', 'capture-qr-code');
  code.append(qrSvg(link, `QR code of the capture link for camera ${cameraId}`));
  const text = el('div', 'capture-qr-text');
  const title = el(
    'p',
    'admin-secret-note',
    undefined,
    `Or turn a phone or laptop into camera ${cameraId}: scan this code, or open the link, and press Start.`,
  );
  const anchor = el('a', 'capture-qr-link', 'capture-link', link);
  anchor.href = link;
  anchor.target = '_blank';
  anchor.rel = 'noreferrer';
  const copy = el('button', 'diag-button', 'capture-link-copy', 'Copy link');
  copy.type = 'button';
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(link).then(
      () => (copy.textContent = 'Copied'),
      () => (copy.textContent = 'Copy failed: select the link'),
    );
  });
  text.append(anchor, copy);
  if (needsHttps(server)) {
    const warn = el('p', 'capture-qr-warn', 'capture-qr-https');
    warn.textContent = `Phones give a page the camera only over HTTPS, and ${new URL(server).origin} is plain HTTP: serve the relay over HTTPS first (docs/browser-camera.md).`;
    text.append(warn);
  }
  const row = el('div', 'capture-qr-row');
  row.append(code, text);
  box.append(title, row);
  return box;
}
