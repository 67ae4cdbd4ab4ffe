import { describe, expect, it } from 'vitest';
import { banner, type BannerFacts } from '../../server/banner.js';

const facts: BannerFacts = {
  url: 'http://localhost:3000',
  port: 3000,
  secure: false,
  lan: ['192.168.1.10'],
  token: 'XFWEWD8plEk10eMjrkkoKEaU',
  tokenFile: 'data/capture-token',
  adminPassword: null,
};

describe('banner', () => {
  it('prints the Live Monitor addresses and the capture command over http without TLS', () => {
    const text = banner(facts);
    expect(text).toContain('  Live Monitor:  http://localhost:3000/   http://192.168.1.10:3000/');
    expect(text).toContain('    npm run capture -- --server http://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
  });

  it('prints every address and the capture command over https with TLS on', () => {
    const text = banner({ ...facts, url: 'https://localhost:3000', secure: true, lan: ['192.168.1.10', '10.0.0.5'] });
    expect(text).toContain('  Live Monitor:  https://localhost:3000/   https://192.168.1.10:3000/   https://10.0.0.5:3000/');
    expect(text).toContain('    npm run capture -- --server https://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
    expect(text).not.toContain('http://');
  });

  it("gives the relay's own address to the capture command when it listens on one address only", () => {
    const text = banner({ ...facts, url: 'https://relay.example.org:3000', secure: true, lan: [] });
    expect(text).toContain('--server https://relay.example.org:3000 --camera');
  });

  it('says where a generated token is kept, and a generated admin password once', () => {
    expect(banner(facts)).toContain('(generated; kept in data/capture-token)');
    expect(banner({ ...facts, tokenFile: null })).not.toContain('generated; kept');
    expect(banner({ ...facts, adminPassword: 'pw' })).toContain('  Sign in as:    admin / pw   (generated now');
  });
});
