/** The capture command lines for where a camera is, as elements: the same text the start banner prints. */
import { CAPTURE_DOWNLOAD_PATH, captureLines, programSource, type CameraPlace, type CaptureTarget } from '../../../shared/capture-command.js';
import { el } from '../dom.js';

/** Whether this relay serves the Windows program: a HEAD of its download, so no route is needed for it. */
export async function captureProgramBuilt(): Promise<boolean> {
  try {
    return (await fetch(CAPTURE_DOWNLOAD_PATH, { method: 'HEAD' })).ok;
  } catch {
    return false;
  }
}

/**
 * Where to get the program (Windows only), then each labelled command line; the first line's code is
 * `token-command`, the one to paste. A browser camera gets nothing here: its QR code says it all.
 */
export function captureSetup(place: CameraPlace, target: CaptureTarget, built: boolean): HTMLElement[] {
  const source = place === 'windows' ? [el('p', 'admin-secret-note', 'capture-program-source', programSource(target.server, built))] : [];
  const lines = captureLines(place, target).flatMap((line, i) => [
    el('p', 'admin-secret-note', undefined, line.label),
    el('code', 'empty-command', i === 0 ? 'token-command' : 'capture-command', line.command),
  ]);
  return [...source, ...lines];
}
