/**
 * A push service of our own on 127.0.0.1, standing in for FCM, Mozilla's or Apple's (none can be
 * reached from the test box): it holds the subscription's private key, as a browser would, checks
 * the VAPID JWT (RFC 8292) against the relay's public key, and decrypts each body (RFC 8291,
 * aes128gcm per RFC 8188) with node:crypto alone, so the test reads what a phone would show.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** The decrypted body. */
  text: string;
  /** The VAPID JWT's claims, its signature verified against `k`. */
  claims: { aud: string; exp: number; sub: string };
  /** The VAPID public key the relay signed with (`k=`). */
  vapidKey: string;
  headers: Record<string, string | string[] | undefined>;
}

const b64 = (b: Buffer) => b.toString('base64url');
const hkdf = (ikm: Buffer, salt: Buffer, info: Buffer | string, length: number) => Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/** RFC 8291 §3.4 and RFC 8188 §2: one record, its padding delimiter 0x02 then zeros. */
export function decryptAes128gcm(body: Buffer, uaPrivate: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const ecdhSecret = uaPrivate.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPrivate.getPublicKey(), asPublic]);
  const ikm = hkdf(ecdhSecret, authSecret, keyInfo, 32);
  const cek = hkdf(ikm, salt, 'Content-Encoding: aes128gcm\0', 16);
  const nonce = hkdf(ikm, salt, 'Content-Encoding: nonce\0', 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** Checks `vapid t=<jwt>, k=<key>` (RFC 8292 §3): an ES256 signature by `k` over the JWT's first two parts. */
export function verifyVapid(authorization: string): { claims: Received['claims']; vapidKey: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [header, payload, signature] = m[1]!.split('.') as [string, string, string];
  const point = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('the VAPID JWT signature does not verify');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('the VAPID JWT is not ES256');
  return { claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Received['claims'], vapidKey: m[2]! };
}

export interface PushEndpoint {
  /** What to give the relay, as a browser's `PushSubscription.toJSON()`. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  received: Received[];
  /** Problems with what arrived (a bad signature, a body that does not decrypt). */
  errors: string[];
  /** The HTTP status it answers: 201 as a push service that took the message; 410 for a device gone; null: never answers. */
  answer: number | null;
  close(): Promise<void>;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const auth = randomBytes(16);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const vapid = verifyVapid(String(req.headers.authorization));
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        endpoint.received.push({ text: decryptAes128gcm(Buffer.concat(chunks), ua, auth), ...vapid, headers: req.headers });
      } catch (err) {
        endpoint.errors.push((err as Error).message);
      }
      if (endpoint.answer !== null) res.writeHead(endpoint.answer).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const endpoint: PushEndpoint = {
    subscription: { endpoint: `http://127.0.0.1:${port}/push/${b64(randomBytes(8))}`, keys: { p256dh: b64(ua.getPublicKey()), auth: b64(auth) } },
    received: [],
    errors: [],
    answer: 201,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return endpoint;
}
