/**
 * `--list-devices --onvif`: the cameras common/onvif finds and describes, printed with stream URLs ready to
 * paste. The password is never printed: the user name stays and the password reads YOUR-PASSWORD.
 */
import { findOnvifCameras, type FoundCamera } from '../../common/onvif/find-onvif-cameras.js';
import type { OnvifListCommand } from './onvif-flags.js';

export type ListedCamera = FoundCamera;

/** The lines printed for the cameras found. */
export function onvifListingLines(cameras: readonly ListedCamera[], credentialsGiven: boolean): string[] {
  if (cameras.length === 0)
    return ['No ONVIF camera answered. A camera on another network (or behind Wi-Fi isolation) can be asked directly: --onvif-probe <its IP address>.'];
  const lines = [`ONVIF cameras (${cameras.length}):`];
  for (const c of cameras) {
    if (!c.ok) {
      lines.push(`  ${c.address}: not answering (${c.why})`);
      continue;
    }
    lines.push(`  ${c.address}: ${c.maker} ${c.model}, PTZ: ${c.ptz ? `yes (--onvif ${new URL(c.address).origin})` : 'no'}`);
    for (const p of c.profiles) {
      const size = p.width && p.height ? `${p.width}x${p.height}` : 'size unknown';
      lines.push(`    ${p.name}: ${p.codec} ${size}  ${p.uri ?? '(no stream URI given)'}`);
    }
  }
  if (!credentialsGiven) lines.push('Cameras that need a password answer only with CAMRELAY_ONVIF_USER and CAMRELAY_ONVIF_PASSWORD set.');
  return lines;
}

/** `--list-devices --onvif`: finds, asks and prints. */
export async function printOnvifCameras(command: OnvifListCommand): Promise<void> {
  console.log('Looking for ONVIF cameras (3 s)…');
  for (const line of onvifListingLines(await findOnvifCameras(command), Boolean(command.user))) console.log(line);
}
