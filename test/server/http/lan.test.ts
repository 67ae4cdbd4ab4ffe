import { describe, expect, it } from 'vitest';
import { captureServerUrl, forwardedPrefix, relayAddresses } from '../../../server/http/lan.js';

describe('captureServerUrl', () => {
  const base = { port: 3000, listenHost: '0.0.0.0', secure: false, lan: ['192.168.1.10'] };

  it('gives the LAN address when the page was opened on the relay machine itself', () => {
    expect(captureServerUrl({ ...base, host: 'localhost:3000' })).toBe('http://192.168.1.10:3000');
    expect(captureServerUrl({ ...base, host: '127.0.0.1:3000' })).toBe('http://192.168.1.10:3000');
    expect(captureServerUrl({ ...base, host: '[::1]:3000' })).toBe('http://192.168.1.10:3000');
  });

  it("gives the page's own address otherwise (a LAN address, or a proxy's public name)", () => {
    expect(captureServerUrl({ ...base, host: '192.168.1.10:3000' })).toBe('http://192.168.1.10:3000');
    expect(captureServerUrl({ ...base, host: 'cams.example.org', secure: true })).toBe('https://cams.example.org');
  });

  it('keeps localhost when the relay listens only there', () => {
    expect(captureServerUrl({ ...base, host: 'localhost:3000', listenHost: '127.0.0.1' })).toBe('http://localhost:3000');
  });
});

describe('relayAddresses', () => {
  const base = { port: 3000, listenHost: '0.0.0.0', secure: false, lan: ['192.168.1.10', '10.8.0.1'] };

  it('gives every LAN address, in the banner’s order, when the page was opened on the relay machine itself', () => {
    expect(relayAddresses({ ...base, host: 'localhost:3000' })).toEqual(['http://192.168.1.10:3000', 'http://10.8.0.1:3000']);
    expect(relayAddresses({ ...base, host: 'localhost:3000', secure: true })).toEqual(['https://192.168.1.10:3000', 'https://10.8.0.1:3000']);
  });

  it("gives the page's own address alone when another machine can reach it, a proxy's sub-path included", () => {
    expect(relayAddresses({ ...base, host: '192.168.1.10:3000' })).toEqual(['http://192.168.1.10:3000']);
    expect(relayAddresses({ ...base, host: 'cams.example.org', secure: true, prefix: '/cams' })).toEqual(['https://cams.example.org/cams']);
  });

  it('gives localhost when the relay listens only there, or the machine has no LAN address', () => {
    expect(relayAddresses({ ...base, host: 'localhost:3000', listenHost: '127.0.0.1' })).toEqual(['http://localhost:3000']);
    expect(relayAddresses({ ...base, host: 'localhost:3000', lan: [] })).toEqual(['http://localhost:3000']);
  });
});

describe('forwardedPrefix', () => {
  it('takes a plain path without its trailing slash, and nothing else', () => {
    expect(forwardedPrefix('/cams/')).toBe('/cams');
    expect(forwardedPrefix('/home/cams')).toBe('/home/cams');
    expect(forwardedPrefix(undefined)).toBe('');
    expect(forwardedPrefix('cams')).toBe('');
    expect(forwardedPrefix('/cams"><script>')).toBe('');
  });

  it('puts the prefix in the capture address behind a proxy', () => {
    expect(captureServerUrl({ host: 'home.example', port: 3000, listenHost: '0.0.0.0', secure: true, lan: [], prefix: '/cams' })).toBe(
      'https://home.example/cams',
    );
  });
});
