/**
 * Saving the frame on screen: the camera's own JPEG bytes (no re-encoding), named by camera and time.
 * A tile may show a rendition sized to it; then the saved picture is the camera's full frame, asked of the relay.
 */
import { PAGE_REQUEST_HEADER } from '../../../shared/auth.js';
import type { FramePayload } from './renderer.js';

/** Decodes off the main thread; a Uint8Array only arrives outside browsers, so copying it there is fine. */
export function decodeJpeg(jpeg: FramePayload): Promise<ImageBitmap> {
  const part = jpeg instanceof ArrayBuffer ? jpeg : new Uint8Array(jpeg);
  return createImageBitmap(new Blob([part], { type: 'image/jpeg' }));
}

/** The relay's last picture of a camera (kept on disk), or null when it has none or cannot be reached. */
export async function fetchStill(cameraId: string): Promise<ImageBitmap | null> {
  try {
    const res = await fetch(`api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg`, {
      credentials: 'same-origin',
      headers: { [PAGE_REQUEST_HEADER]: '1' },
    });
    return res.ok ? await createImageBitmap(await res.blob()) : null;
  } catch {
    return null;
  }
}

/** `front-door_2026-11-22_23-40-05.jpg`, in this browser's local time. */
export function snapshotFileName(cameraId: string, capturedAt: number): string {
  const d = new Date(capturedAt);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${cameraId}_${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}.jpg`;
}

/** Hands the JPEG to the browser as a download. */
export function downloadJpeg(jpeg: FramePayload, fileName: string): void {
  const part = jpeg instanceof ArrayBuffer ? jpeg : new Uint8Array(jpeg);
  const url = URL.createObjectURL(new Blob([part], { type: 'image/jpeg' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has handed the blob over; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Saves `shown` as it came when it is the camera's full size; a smaller rendition is replaced by the
 * relay's own snapshot (full size), or saved as it is when the relay cannot give one.
 */
export function saveFrame(cameraId: string, shown: { jpeg: FramePayload; width: number; capturedAt: number }, nativeWidth: number | null): void {
  const name = snapshotFileName(cameraId, shown.capturedAt);
  if (nativeWidth === null || shown.width >= nativeWidth) return downloadJpeg(shown.jpeg, name);
  // Relative: the page may live under a proxy's sub-path.
  void fetch(`api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg`, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { [PAGE_REQUEST_HEADER]: '1' },
  })
    .then(async (res) => (res.ok ? new Uint8Array(await res.arrayBuffer()) : Promise.reject(new Error(`HTTP ${res.status}`))))
    .then(
      (jpeg) => downloadJpeg(jpeg, name),
      () => downloadJpeg(shown.jpeg, name),
    );
}
