import { describe, expect, it } from 'vitest';
import { ffmpegUrlInput, resolveUrl, URL_MAX, type Lookup } from '../../common/resolve-url.js';

/** A resolver that knows a few names, as /etc/hosts would, and records what it was asked. */
function hosts(table: Record<string, { address: string; family: number }>): Lookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    const entry = table[name];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return entry;
  };
  return Object.assign(lookup, { asked });
}

const lan = hosts({
  relay: { address: '192.168.1.10', family: 4 },
  'porch.lan': { address: '192.168.1.20', family: 4 },
  v6: { address: 'fd00::5', family: 6 },
});

describe('resolveUrl', () => {
  it('replaces an http host name by its address and keeps the account, port, path and query', async () => {
    const r = await resolveUrl('http://user:password@relay:3000/api/cameras/front-door/snapshot.jpg?width=640', lan);
    expect(r).toEqual({ ok: true, value: { url: 'http://user:password@192.168.1.10:3000/api/cameras/front-door/snapshot.jpg?width=640', host: 'relay:3000' } });
  });

  it('resolves an rtsp camera address, as the IP-camera source will need (#29)', async () => {
    const r = await resolveUrl('rtsp://admin:pw@porch.lan:554/Streaming/Channels/101', lan);
    expect(r).toEqual({ ok: true, value: { url: 'rtsp://admin:pw@192.168.1.20:554/Streaming/Channels/101', host: 'porch.lan:554' } });
  });

  it('puts an IPv6 answer in brackets', async () => {
    const r = await resolveUrl('http://v6:3000/x', lan);
    expect(r.ok && r.value.url).toBe('http://[fd00::5]:3000/x');
  });

  it('leaves an address alone without asking the resolver', async () => {
    const before = lan.asked.length;
    expect(await resolveUrl('http://127.0.0.1:3000/x', lan)).toEqual({ ok: true, value: { url: 'http://127.0.0.1:3000/x', host: null } });
    expect(await resolveUrl('rtsp://[::1]:554/s', lan)).toEqual({ ok: true, value: { url: 'rtsp://[::1]:554/s', host: null } });
    expect(lan.asked.length).toBe(before);
  });

  it('says HOST_NOT_FOUND with the name and what to do when the name does not resolve', async () => {
    const r = await resolveUrl('http://nowhere.invalid:3000/x', lan);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('HOST_NOT_FOUND');
    expect(r.error.message).toBe('The host name "nowhere.invalid" could not be resolved (ENOTFOUND): check the name, or give the IP address instead.');
  });

  it('refuses with BAD_URL what is not a URL with a host, or is too long to be an address, before any lookup', async () => {
    const before = lan.asked.length;
    for (const bad of ['relay:3000', 'not a url', 'file:///etc/passwd', `http://relay/${'a'.repeat(URL_MAX)}`]) {
      const r = await resolveUrl(bad, lan);
      expect(r.ok ? 'ok' : r.error.code, bad.slice(0, 40)).toBe('BAD_URL');
    }
    expect(lan.asked.length).toBe(before);
  });
});

describe('ffmpegUrlInput', () => {
  it('keeps the name in the Host header over HTTP', () => {
    expect(ffmpegUrlInput({ url: 'http://192.168.1.10:3000/x', host: 'relay:3000' })).toEqual([
      '-headers',
      'Host: relay:3000\r\n',
      '-i',
      'http://192.168.1.10:3000/x',
    ]);
  });

  it('adds no header for an address, nor for RTSP', () => {
    expect(ffmpegUrlInput({ url: 'http://127.0.0.1:3000/x', host: null })).toEqual(['-i', 'http://127.0.0.1:3000/x']);
    expect(ffmpegUrlInput({ url: 'rtsp://192.168.1.20:554/s', host: 'porch.lan:554' })).toEqual(['-i', 'rtsp://192.168.1.20:554/s']);
  });
});
