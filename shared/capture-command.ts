/**
 * The capture command for each kind of camera PC, with the real server, id and token filled in:
 * one place builds it for the start banner, the Admin's "Add a camera" and the empty Live Monitor.
 * Pure, so the dashboard bundles it too.
 */

/** The one-file Windows program's zip, as `npm run build:capture` names it and the relay serves it. */
export const CAPTURE_ZIP_NAME = 'camrelay-capture-win-x64.zip';
/** Where the relay serves the zip (no sign-in: the program holds no token). */
export const CAPTURE_DOWNLOAD_PATH = `/downloads/${CAPTURE_ZIP_NAME}`;
/** Where the zip's README says to unzip it, so the command can name the program by its full path. */
export const CAPTURE_INSTALL_DIR = 'C:\\camrelay';

/** Where the camera is: a Windows PC, a Linux or macOS PC, or a phone or browser. */
export type CameraPlace = 'windows' | 'posix' | 'browser';
export const CAMERA_PLACES: readonly CameraPlace[] = ['windows', 'posix', 'browser'];

export interface CaptureTarget {
  /** The relay's address as a camera PC reaches it. */
  server: string;
  cameraId: string;
  token: string;
  /** The camera's name as viewers see it (`--name`; no `"` or `%`, which cmd reads even in quotes); left out, the relay shows the id. */
  name?: string;
}

// Words made only of these need no quotes in that shell. PowerShell reads a leading @ as splatting
// and a comma as an array, so neither is safe there; cmd reads & | < > ^ ( ) and % itself.
const POSIX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const POWERSHELL_SAFE = /^[A-Za-z0-9_+=:./-]+$/;
const CMD_SAFE = /^[A-Za-z0-9_@+=:,./-]+$/;

/** One POSIX shell word: as is when safe, else in single quotes. */
export function posixQuote(word: string): string {
  return POSIX_SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One PowerShell word: as is when safe, else in single quotes, where only ' needs doubling. */
export function powerShellQuote(word: string): string {
  return POWERSHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", "''")}'`;
}

/** One cmd word: as is when safe, else in double quotes (ids, tokens and URLs never hold a double quote). */
export function cmdQuote(word: string): string {
  return CMD_SAFE.test(word) ? word : `"${word}"`;
}

const flags = (t: CaptureTarget, quote: (w: string) => string): string =>
  ['--server', quote(t.server), '--camera', quote(t.cameraId), '--token', quote(t.token), ...(t.name ? ['--name', quote(t.name)] : [])].join(' ');

/** The one-file program's line for PowerShell (`C:\camrelay\camrelay-capture.exe …`). */
export const programForPowerShell = (t: CaptureTarget): string => `${CAPTURE_INSTALL_DIR}\\camrelay-capture.exe ${flags(t, powerShellQuote)}`;
/** The one-file program's line for cmd. */
export const programForCmd = (t: CaptureTarget): string => `${CAPTURE_INSTALL_DIR}\\camrelay-capture.exe ${flags(t, cmdQuote)}`;
/** Windows with Node.js and the repository: capture.cmd runs in PowerShell and cmd alike. */
export const nodeForWindows = (t: CaptureTarget): string => `.\\capture.cmd ${flags(t, cmdQuote)}`;
/** Linux or macOS, with Node.js and the repository. */
export const nodeForPosix = (t: CaptureTarget): string => `npm run capture -- ${flags(t, posixQuote)}`;

/** One labelled command line, in the order a reader should try them. */
export interface CaptureLine {
  label: string;
  command: string;
}

/**
 * What to show for a camera at `place`: the one-file program first on Windows (one line when
 * PowerShell and cmd read it alike), then the Node form. `browser` has no command line: the
 * dashboard shows the capture link instead.
 */
export function captureLines(place: CameraPlace, t: CaptureTarget): CaptureLine[] {
  if (place === 'browser') return [];
  if (place === 'posix') return [{ label: 'In a terminal, in the camrelay folder (Node.js 20):', command: nodeForPosix(t) }];
  const ps = programForPowerShell(t);
  const cmd = programForCmd(t);
  const program =
    ps === cmd
      ? [{ label: 'In PowerShell or cmd:', command: ps }]
      : [
          { label: 'In PowerShell:', command: ps },
          { label: 'In cmd:', command: cmd },
        ];
  return [...program, { label: 'Or, with Node.js and the camrelay folder instead of the program:', command: nodeForWindows(t) }];
}

/** Where to get the Windows program: its download address, or how to build it when the relay has none. */
export function programSource(server: string, built: boolean): string {
  return built
    ? `Download ${new URL(CAPTURE_DOWNLOAD_PATH, server).href} and unzip it to ${CAPTURE_INSTALL_DIR} (nothing to install).`
    : `The one-file program is not built on this relay yet: run npm run build:capture there, then download ${new URL(CAPTURE_DOWNLOAD_PATH, server).href}.`;
}
