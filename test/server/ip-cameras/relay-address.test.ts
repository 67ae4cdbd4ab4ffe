/** Where the relay's own IP camera processes reach it (#55 item 14), against certificates made with openssl (test/fixtures/tls). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateNames, relayAddress } from '../../../server/ip-cameras/relay-address.js';

const cert = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../fixtures/tls', `${name}.pem`));
const lan = ['192.168.1.10'];

describe('certificateNames', () => {
  it('reads the DNS names and IP addresses of the subjectAltName', () => {
    expect(certificateNames(cert('dns-name'))).toEqual({ dns: ['cams.example.org', '*.example.org'], ips: ['10.0.0.5'] });
    expect(certificateNames(cert('no-names'))).toEqual({ dns: [], ips: [] });
  });
});

describe('relayAddress', () => {
  it('is loopback over plain HTTP, or the one address the relay listens on', () => {
    expect(relayAddress({ host: '0.0.0.0', port: 3000 })).toEqual({ url: 'http://127.0.0.1:3000', why: null });
    expect(relayAddress({ host: '::1', port: 3000 })).toEqual({ url: 'http://[::1]:3000', why: null });
  });

  it('is the LAN address a certificate made as docs/browser-camera.md prints names, where the relay listens, not localhost', () => {
    expect(relayAddress({ host: '0.0.0.0', port: 3443, certificate: cert('lan-ip'), lan })).toEqual({ url: 'https://192.168.1.10:3443', why: null });
    expect(relayAddress({ host: '192.168.1.10', port: 3443, certificate: cert('lan-ip'), lan }).url).toBe('https://192.168.1.10:3443');
  });

  it('prefers localhost, then a loopback address, when the certificate names one', () => {
    expect(relayAddress({ host: '0.0.0.0', port: 3443, certificate: cert('localhost'), lan }).url).toBe('https://localhost:3443');
  });

  it('takes the first plain DNS name when no address of this machine is named', () => {
    expect(relayAddress({ host: '0.0.0.0', port: 3443, certificate: cert('dns-name'), lan }).url).toBe('https://cams.example.org:3443');
  });

  it('keeps localhost and says why when the certificate names nothing the relay can be reached by', () => {
    const { url, why } = relayAddress({ host: '0.0.0.0', port: 3443, certificate: cert('no-names'), lan });
    expect(url).toBe('https://localhost:3443');
    expect(why).toMatch(/names none of localhost.*it names nothing/);
  });
});
