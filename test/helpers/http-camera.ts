/**
 * A fake HTTP IP camera on loopback: it asks for Basic or Digest as real ones do (Digest checked here
 * from RFC 7616's formulas, not with the client's code) and then hands the request to the test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseChallenges } from '../../capture-client/sources/digest-auth.js';

export interface HttpCameraOptions {
  user: string;
  password: string;
  auth: 'basic' | 'digest' | 'none';
  /** Answers an authenticated request. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HttpCamera {
  server: Server;
  /** `http://user:password@127.0.0.1:port/path`; other credentials, or none with `null`. */
  url(path: string, credentials?: { user: string; password: string } | null): string;
  /** The Authorization header of every request, in order (undefined when none was sent). */
  authorizations: Array<string | undefined>;
  /** Requests being answered now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export async function startHttpCamera(opts: HttpCameraOptions): Promise<HttpCamera> {
  const nonce = randomBytes(8).toString('hex');
  const realm = 'IP Camera(C1234)';
  const cam: Omit<HttpCamera, 'server' | 'url' | 'close'> = { authorizations: [], inFlight: 0, maxInFlight: 0 };

  const allowed = (header: string | undefined): boolean => {
    if (opts.auth === 'none') return true;
    if (opts.auth === 'basic') return header === `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
    const got = parseChallenges(header)[0];
    if (got?.scheme !== 'digest') return false;
    const p = got.params;
    const ha1 = md5(`${opts.user}:${realm}:${opts.password}`);
    const ha2 = md5(`GET:${p.uri}`);
    return p.username === opts.user && p.nonce === nonce && p.response === md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
  };

  const server = createServer((req, res) => {
    cam.authorizations.push(req.headers.authorization);
    if (!allowed(req.headers.authorization)) {
      const challenge = opts.auth === 'basic' ? `Basic realm="${realm}"` : `Digest realm="${realm}", qop="auth", nonce="${nonce}", opaque="x"`;
      res.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': challenge, 'Content-Type': 'text/html' });
      return void res.end('<html><body>401 Unauthorized</body></html>');
    }
    cam.inFlight++;
    cam.maxInFlight = Math.max(cam.maxInFlight, cam.inFlight);
    res.once('close', () => cam.inFlight--);
    opts.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(cam as HttpCamera, {
    server,
    url(path: string, credentials: { user: string; password: string } | null = opts) {
      const who = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
      return `http://${who}127.0.0.1:${port}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
