/** What `npm start` prints once the relay listens: where to open the Live Monitor and the capture command. */
import { captureLines, programSource, type CaptureTarget } from '../shared/capture-command.js';
import { VERSION } from './version.js';

export interface BannerFacts {
  /** The relay's own address (`RunningServer#url`), already https with TLS on. */
  url: string;
  port: number;
  /** True with TLS on: every address printed is https, or a capture client pointed at it loops on "Cannot reach". */
  secure: boolean;
  /** This machine's LAN addresses when the relay listens on all of them, else none. */
  lan: string[];
  token: string;
  /** Where a generated token is kept, or null when the token was given. */
  tokenFile: string | null;
  /** The first admin's password when it was generated just now, else null. */
  adminPassword: string | null;
  /** True when `npm run build:capture` made the Windows program, so the relay serves it at /downloads. */
  captureBuilt: boolean;
}

const lines = (place: 'windows' | 'posix', target: CaptureTarget): string[] =>
  captureLines(place, target).flatMap((l) => [`    ${l.label}`, `      ${l.command}`]);

/** The start banner, in the scheme the relay serves (issue #25: it printed http:// with TLS on). */
export function banner(f: BannerFacts): string {
  const scheme = f.secure ? 'https' : 'http';
  const lan = f.lan.map((h) => `${scheme}://${h}:${f.port}`);
  const server = lan[0] ?? f.url;
  const target = { server, cameraId: 'front-door', token: f.token };
  return [
    '',
    `  camrelay ${VERSION} is running.`,
    `  Live Monitor:  ${f.url}/${lan.map((u) => `   ${u}/`).join('')}`,
    `  Capture token: ${f.token}${f.tokenFile ? `   (generated; kept in ${f.tokenFile})` : ''}`,
    ...(f.adminPassword ? [`  Sign in as:    admin / ${f.adminPassword}   (generated now and shown only this once; change it in the admin area)`] : []),
    '',
    // The program first: a Windows user who followed only npm run capture installed Node (issue #26).
    '  On a Windows camera PC, the one-file program:',
    `    ${programSource(server, f.captureBuilt)}`,
    ...lines('windows', target),
    '  On a Linux or macOS camera PC:',
    ...lines('posix', target),
    '',
  ].join('\n');
}
