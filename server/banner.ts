/** What `npm start` prints once the relay listens: where to open the Live Monitor and the capture command. */
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
}

/** The start banner, in the scheme the relay serves (issue #25: it printed http:// with TLS on). */
export function banner(f: BannerFacts): string {
  const scheme = f.secure ? 'https' : 'http';
  const lan = f.lan.map((h) => `${scheme}://${h}:${f.port}`);
  const server = lan[0] ?? f.url;
  return [
    '',
    `  camrelay ${VERSION} is running.`,
    `  Live Monitor:  ${f.url}/${lan.map((u) => `   ${u}/`).join('')}`,
    `  Capture token: ${f.token}${f.tokenFile ? `   (generated; kept in ${f.tokenFile})` : ''}`,
    ...(f.adminPassword ? [`  Sign in as:    admin / ${f.adminPassword}   (generated now and shown only this once; change it in the admin area)`] : []),
    '',
    '  On the camera PC, in the camrelay folder:',
    `    npm run capture -- --server ${server} --camera front-door --token ${f.token}`,
    '',
  ].join('\n');
}
