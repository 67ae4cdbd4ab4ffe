import type { IncomingHttpHeaders } from 'node:http';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostAllowed, isSecure, originAllowed, originRefusal, ownOrigin, sameOrigin, type OriginPolicy } from '../../../server/auth/origin.js';

// forwardedProto is tested in test/server/trusted-proxy.test.ts.

const plain: OriginPolicy = { tls: false, trustProxy: false, allowedOrigins: [] };
const listed: OriginPolicy = { ...plain, allowedOrigins: ['https://cams.example.org', 'http://[fd00::7]:8080'] };
const h = (headers: IncomingHttpHeaders) => headers;

describe('origin', () => {
  describe('isSecure', () => {
    it('is true when the relay serves TLS itself', () => {
      expect(isSecure({ ...plain, tls: true }, h({}))).toBe(true);
    });

    it('believes a proxy that says https only when the proxy is trusted', () => {
      const headers = h({ 'x-forwarded-proto': 'https' });
      expect(isSecure({ ...plain, trustProxy: true }, headers)).toBe(true);
      expect(isSecure(plain, headers)).toBe(false);
      expect(isSecure({ ...plain, trustProxy: true }, h({ 'x-forwarded-proto': 'http' }))).toBe(false);
    });
  });

  describe('hostAllowed', () => {
    it.each(['127.0.0.1:3000', '192.168.1.20', '[::1]:3000', '[fe80::1]', 'localhost:3000', 'LOCALHOST', 'cams.localhost:8080'])(
      'allows the address or loopback name %s',
      (host) => {
        expect(hostAllowed(plain, h({ host }))).toBe(true);
      },
    );

    it("allows this machine's own name, and its .local name", () => {
      const me = hostname();
      expect(hostAllowed(plain, h({ host: `${me}:3000` }))).toBe(true);
      expect(hostAllowed(plain, h({ host: `${me.toUpperCase()}.local` }))).toBe(true);
    });

    it('refuses any other name, as a DNS-rebinding page would send', () => {
      expect(hostAllowed(plain, h({ host: 'evil.example:3000' }))).toBe(false);
      expect(hostAllowed(plain, h({ host: 'localhost.evil.example' }))).toBe(false);
    });

    it('allows the hosts of the listed origins, whatever the port', () => {
      expect(hostAllowed(listed, h({ host: 'cams.example.org' }))).toBe(true);
      expect(hostAllowed(listed, h({ host: 'CAMS.example.org:8443' }))).toBe(true);
      expect(hostAllowed(listed, h({ host: '[fd00::7]:9000' }))).toBe(true);
      expect(hostAllowed(listed, h({ host: 'example.org' }))).toBe(false);
    });

    it('ignores a listed origin that is not a URL', () => {
      expect(hostAllowed({ ...plain, allowedOrigins: ['not a url'] }, h({ host: 'not a url' }))).toBe(false);
    });

    it('allows a request with no Host at all (HTTP/1.0 tools)', () => {
      expect(hostAllowed(plain, h({}))).toBe(true);
    });
  });

  describe('ownOrigin', () => {
    it('is the scheme the browser used and the Host it addressed', () => {
      expect(ownOrigin(plain, h({ host: '10.0.0.5:3000' }))).toBe('http://10.0.0.5:3000');
      expect(ownOrigin({ ...plain, tls: true }, h({ host: '10.0.0.5:3443' }))).toBe('https://10.0.0.5:3443');
      expect(ownOrigin(plain, h({}))).toBeNull();
    });
  });

  describe('originAllowed', () => {
    it('allows a request without an Origin: scripts and tools authenticate like anyone', () => {
      expect(originAllowed(plain, h({ host: '10.0.0.5:3000' }))).toBe(true);
    });

    it('allows the relay’s own origin and the listed ones', () => {
      expect(originAllowed(plain, h({ host: '10.0.0.5:3000', origin: 'http://10.0.0.5:3000' }))).toBe(true);
      expect(originAllowed(listed, h({ host: '10.0.0.5:3000', origin: 'https://cams.example.org' }))).toBe(true);
    });

    it('refuses another site, another port and another scheme', () => {
      const host = '10.0.0.5:3000';
      expect(originAllowed(plain, h({ host, origin: 'http://evil.example' }))).toBe(false);
      expect(originAllowed(plain, h({ host, origin: 'http://10.0.0.5:3001' }))).toBe(false);
      expect(originAllowed(plain, h({ host, origin: 'https://10.0.0.5:3000' }))).toBe(false);
    });

    it('refuses Origin: null (a sandboxed frame or a file), even when someone lists it', () => {
      expect(originAllowed(plain, h({ host: 'localhost:3000', origin: 'null' }))).toBe(false);
      expect(originAllowed({ ...plain, allowedOrigins: ['null'] }, h({ host: 'localhost:3000', origin: 'null' }))).toBe(false);
    });

    it('refuses a Host it does not answer to even when Origin and Host agree', () => {
      expect(originAllowed(plain, h({ host: 'rebind.example:3000', origin: 'http://rebind.example:3000' }))).toBe(false);
    });
  });

  describe('sameOrigin', () => {
    it('without an Origin, needs the browser to say same-origin in Sec-Fetch-Site', () => {
      const host = 'localhost:3000';
      expect(sameOrigin(plain, h({ host, 'sec-fetch-site': 'same-origin' }))).toBe(true);
      expect(sameOrigin(plain, h({ host, 'sec-fetch-site': 'cross-site' }))).toBe(false);
      expect(sameOrigin(plain, h({ host }))).toBe(false);
      expect(sameOrigin(plain, h({ host: 'evil.example', 'sec-fetch-site': 'same-origin' }))).toBe(false);
    });

    it('with an Origin, allows what originAllowed allows', () => {
      expect(sameOrigin(plain, h({ host: 'localhost:3000', origin: 'http://localhost:3000' }))).toBe(true);
      expect(sameOrigin(plain, h({ host: 'localhost:3000', origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }))).toBe(false);
    });
  });

  describe('originRefusal', () => {
    it('names a Host it does not answer to and the setting that would allow it', () => {
      const why = originRefusal(plain, h({ host: 'cams.example.org', origin: 'https://cams.example.org' }));
      expect(why).toContain('"cams.example.org"');
      expect(why).toContain('CAMRELAY_ALLOWED_ORIGINS');
      expect(why).toContain('https://cams.example.org');
    });

    it('says Origin: null is not allowed', () => {
      expect(originRefusal(plain, h({ host: 'localhost', origin: 'null' }))).toMatch(/Origin: null/);
    });

    it('says a state change needs a same-origin request when the browser sent no Origin', () => {
      expect(originRefusal(plain, h({ host: 'localhost' }))).toMatch(/Sec-Fetch-Site/);
    });

    it('names both origins and the proxy header to pass when they differ', () => {
      const why = originRefusal(plain, h({ host: '127.0.0.1:3000', origin: 'https://cams.example.org' }));
      expect(why).toContain('https://cams.example.org');
      expect(why).toContain('http://127.0.0.1:3000');
      expect(why).toContain('proxy_set_header Host $http_host;');
    });
  });
});
