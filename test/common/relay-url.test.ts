import { describe, expect, it } from 'vitest';
import { relayUrl, socketioTarget } from '../../common/relay-url.js';

describe('relayUrl', () => {
  it("puts a path under the relay's address, sub-path or not", () => {
    expect(relayUrl('http://10.0.0.2:3000', '/api/cameras/a/frames')).toBe('http://10.0.0.2:3000/api/cameras/a/frames');
    expect(relayUrl('https://home.example/cams', '/api/cameras/a/frames')).toBe('https://home.example/cams/api/cameras/a/frames');
    expect(relayUrl('https://home.example/cams/', 'api/me')).toBe('https://home.example/cams/api/me');
  });
});

describe('socketioTarget', () => {
  it("keeps the namespace on the origin and moves the sub-path into Socket.IO's path", () => {
    expect(socketioTarget('http://10.0.0.2:3000', '/capture')).toEqual({ url: 'http://10.0.0.2:3000/capture', path: '/socket.io' });
    expect(socketioTarget('https://home.example/cams', '/monitor')).toEqual({ url: 'https://home.example/monitor', path: '/cams/socket.io' });
  });
});
