/** The capture link of a new camera token, as a QR code a phone scans to become that camera (see docs/browser-camera.md). */
import './capture-qr.css';
import { captureLink } from '../capture-page/capture-link.js';
import { el } from '../dom.js';
import { qrSvg } from './qr-code.js';

/** True when `server` names this machine itself: a phone that scans it reaches itself, not the relay. */
export function isLocal(server: string): boolean {
  const { hostname } = new URL(server);
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]';
}

/** True when a phone opening `server` would get no camera: browsers give it only to HTTPS pages (and localhost). */
export function needsHttps(server: string): boolean {
  return new URL(server).protocol !== 'https:' && !isLocal(server);
}

/** What to do for a phone, when the link as it is cannot give one the camera (#37 item 16); null when it can. */
export function phoneAdvice(server: string): { testId: string; text: string } | null {
  const { origin } = new URL(server);
  const https =
    'A phone gives a page its camera only over HTTPS: serve the relay over HTTPS (CAMRELAY_TLS_CERT and CAMRELAY_TLS_KEY, or a reverse proxy; docs/browser-camera.md).';
  // The relay gives its LAN address when it listens on every address (/api/capture-server); here it listens on this machine only.
  if (isLocal(server))
    return {
      testId: 'capture-qr-local',
      text: `This link names this machine (${origin}): a phone cannot reach it. Start the relay on every address (the default, not --host 127.0.0.1) and the link carries its LAN address. ${https}`,
    };
  if (needsHttps(server)) return { testId: 'capture-qr-https', text: `${origin} is plain HTTP. ${https}` };
  return null;
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
  const advice = phoneAdvice(server);
  if (advice) text.append(el('p', 'capture-qr-warn', advice.testId, advice.text));
  const row = el('div', 'capture-qr-row');
  row.append(code, text);
  box.append(title, row);
  return box;
}
