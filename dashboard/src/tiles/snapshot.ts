/** Saving the frame on screen: the camera's own JPEG bytes (no re-encoding), named by camera and time. */
import type { FramePayload } from './renderer.js';

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
