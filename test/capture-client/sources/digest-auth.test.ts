import { describe, expect, it } from 'vitest';
import { DigestAuth, parseChallenges } from '../../../capture-client/sources/digest-auth.js';

// RFC 7616 section 3.9.1: the same request answered with MD5 and with SHA-256.
const RFC7616 = {
  realm: 'http-auth@example.org',
  qop: 'auth, auth-int',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
};
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

function field(header: string, name: string): string | undefined {
  return parseChallenges(header)[0]?.params[name];
}

describe('parseChallenges', () => {
  it('reads one header holding a Digest and a Basic challenge, quoted commas and escapes included', () => {
    const got = parseChallenges('Digest realm="a, \\"b\\"", nonce="n1", qop="auth", algorithm=MD5, Basic realm="cam"');
    expect(got).toEqual([
      { scheme: 'digest', params: { realm: 'a, "b"', nonce: 'n1', qop: 'auth', algorithm: 'MD5' } },
      { scheme: 'basic', params: { realm: 'cam' } },
    ]);
  });

  it('reads one challenge per header and bounds what it reads', () => {
    expect(parseChallenges(['Basic realm="x"', 'Digest nonce="y"']).map((c) => c.scheme)).toEqual(['basic', 'digest']);
    expect(parseChallenges(undefined)).toEqual([]);
    const huge = parseChallenges(`Digest realm="${'r'.repeat(100_000)}"`);
    expect(huge[0]?.scheme).toBe('digest');
    expect(JSON.stringify(huge).length).toBeLessThan(5000);
  });
});

describe('DigestAuth', () => {
  describe('#header', () => {
    it("gives RFC 7616's MD5 answer for its example request", () => {
      const auth = new DigestAuth('Mufasa', 'Circle of Life', { scheme: 'digest', params: { ...RFC7616, algorithm: 'MD5' } }, () => CNONCE);
      const header = auth.header('GET', '/dir/index.html');
      expect(field(header, 'response')).toBe('8ca523f5e9506fed4657c9700eebdbec');
      expect(header).toMatch(/qop=auth, nc=00000001, cnonce="f2\/wE4q74E6zIJEtWaHKaf5wv\/H5QzzpXusqGemxURZJ"/);
      expect(field(header, 'opaque')).toBe(RFC7616.opaque);
    });

    it("gives RFC 7616's SHA-256 answer for its example request", () => {
      const auth = new DigestAuth('Mufasa', 'Circle of Life', { scheme: 'digest', params: { ...RFC7616, algorithm: 'SHA-256' } }, () => CNONCE);
      expect(field(auth.header('GET', '/dir/index.html'), 'response')).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    });

    it("gives RFC 2617's answer to a challenge with qop (its section 3.5 example)", () => {
      const challenge = {
        scheme: 'digest',
        params: { realm: 'testrealm@host.com', qop: 'auth,auth-int', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', opaque: '5ccc069c403ebaf9f0171e9517f40e41' },
      };
      const auth = new DigestAuth('Mufasa', 'Circle Of Life', challenge, () => '0a4f113b');
      expect(field(auth.header('GET', '/dir/index.html'), 'response')).toBe('6629fae49393a05397450978507c4ef1');
    });

    it('counts nc up with each request on the same challenge', () => {
      const auth = new DigestAuth('u', 'p', { scheme: 'digest', params: { realm: 'r', nonce: 'n', qop: 'auth' } });
      auth.header('GET', '/a');
      expect(field(auth.header('GET', '/a'), 'nc')).toBe('00000002');
    });
  });

  describe('#ctor', () => {
    it('refuses challenges it cannot answer with a sentence naming what is missing', () => {
      expect(() => new DigestAuth('u', 'p', { scheme: 'digest', params: { nonce: 'n', algorithm: 'SHA-512-256' } })).toThrow(
        /algorithm sha-512-256, which is not supported/,
      );
      expect(() => new DigestAuth('u', 'p', { scheme: 'digest', params: { nonce: 'n', qop: 'auth-int' } })).toThrow(/qop=auth-int/);
      expect(() => new DigestAuth('u', 'p', { scheme: 'digest', params: {} })).toThrow(/without a nonce/);
    });
  });
});
