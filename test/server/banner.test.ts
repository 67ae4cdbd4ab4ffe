import { describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { banner, type BannerFacts } from '../../server/banner.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const facts: BannerFacts = {
  url: 'http://localhost:3000',
  port: 3000,
  secure: false,
  lan: ['192.168.1.10'],
  token: 'XFWEWD8plEk10eMjrkkoKEaU',
  tokenFile: 'data/capture-token',
  adminPassword: null,
  captureBuilt: true,
};

/** The banner's line that starts with `start`, without its indent. */
const lineOf = (text: string, start: string): string =>
  text
    .split('\n')
    .find((l) => l.trimStart().startsWith(start))!
    .trim();

describe('banner', () => {
  it('prints the Live Monitor addresses and the capture command over http without TLS', () => {
    const text = banner(facts);
    expect(text).toContain('  Live Monitor:  http://localhost:3000/   http://192.168.1.10:3000/');
    expect(text).toContain('      npm run capture -- --server http://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
  });

  it("shows the Windows program first, with its download address, and a line PowerShell and cmd pass to the program's parser intact", () => {
    const text = banner(facts);
    expect(text.indexOf('camrelay-capture.exe')).toBeLessThan(text.indexOf('npm run capture'));
    expect(text).toContain('Download http://192.168.1.10:3000/downloads/camrelay-capture-win-x64.zip and unzip it to C:\\camrelay');
    const line = lineOf(text, 'C:\\camrelay\\camrelay-capture.exe');
    for (const words of [splitPowerShell(line), splitCmd(line)]) {
      const parsed = parseCaptureArgs(words.slice(1), {});
      expect(parsed.kind === 'run' && [parsed.command.server, parsed.command.cameraId, parsed.command.token]).toEqual([
        'http://192.168.1.10:3000',
        'front-door',
        'XFWEWD8plEk10eMjrkkoKEaU',
      ]);
    }
  });

  it('says how to build the program when the relay has none to serve', () => {
    const text = banner({ ...facts, captureBuilt: false });
    expect(text).toContain('run npm run build:capture there');
  });

  it('prints every address and the capture command over https with TLS on', () => {
    const text = banner({ ...facts, url: 'https://localhost:3000', secure: true, lan: ['192.168.1.10', '10.0.0.5'] });
    expect(text).toContain('  Live Monitor:  https://localhost:3000/   https://192.168.1.10:3000/   https://10.0.0.5:3000/');
    expect(text).toContain('      npm run capture -- --server https://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
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
