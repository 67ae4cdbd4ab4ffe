/**
 * docs/browser-camera.md, as printed: its openssl command run (for 127.0.0.1 instead of the example
 * address), the relay started with its environment (POSIX and PowerShell lines alike) and the
 * capture page sending over that HTTPS in Chromium; its status line, buttons and codes checked
 * against the page's sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../common/capture/status-line.js';
import { serverRefusal } from '../../common/capture/refusals.js';
import { loadConfig } from '../../server/load-config.js';
import { browserAvailable } from '../helpers/browser.js';
import { openCapturePage, useCameraBrowser } from '../helpers/camera-page.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const doc = read('docs/browser-camera.md');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());
const openssl = ['/usr/bin/openssl', '/bin/openssl'].some((p) => existsSync(p));

function sh(line: string, cwd: string): Promise<number | null> {
  const child = spawn(line, { cwd, shell: true, stdio: 'ignore' });
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('docs/browser-camera.md, as printed', () => {
  it('prints the status line the page and the capture client both write', () => {
    const printed = /`(kitchen → [^`]+)`/.exec(doc)![1]!;
    const stats = {
      produced: 450,
      sent: 450,
      acked: 450,
      dropped: 0,
      failed: 0,
      rttMs: 4,
      link: 'websocket' as const,
      reconnects: 0,
      lastError: null,
      lastErrorMessage: null,
      webrtcEnd: null,
    };
    expect(formatStatus('kitchen', stats, 15)).toBe(printed);
  });

  it('names buttons and settings the page and the settings page have', () => {
    const sources = [
      'dashboard/capture.html',
      'dashboard/src/capture-page/capture-settings.ts',
      'dashboard/src/admin/cameras-view.ts',
      'dashboard/src/admin/tokens-view.ts',
      'dashboard/src/admin/admin.ts',
      'dashboard/src/admin/admin-markup.ts',
      'dashboard/src/add-camera/add-camera-view.ts',
      'dashboard/src/add-camera/guide-text.ts',
    ]
      .map(read)
      .join('\n');
    // The phone browsers' own words are theirs; everything else in bold is the page's or the drawer's.
    const browsers = ['Advanced', 'Proceed', 'Show Details', 'visit this website'];
    for (const [, name] of doc.matchAll(/\*\*([A-Za-z][A-Za-z ]+)\*\*/g))
      if (!browsers.includes(name!)) expect(sources.toLowerCase(), name).toContain(name!.toLowerCase());
    for (const option of ['480p', '720p', '1080p']) expect(sources).toContain(`'${option}'`);
  });

  it('lists only codes the page explains, each with its own words', () => {
    const codes = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThanOrEqual(7);
    for (const code of codes) expect(serverRefusal(code, 'unknown-code-marker', 'kitchen').title).not.toBe('unknown-code-marker');
  });

  it('starts the relay with the same certificate settings from the POSIX and the PowerShell lines', () => {
    const [, posix] = blocks('sh');
    const [powershell] = blocks('powershell');
    expect(posix).toMatch(/ npm start$/);
    expect(powershell).toMatch(/; npm\.cmd start$/);
    const fromPosix = Object.fromEntries([...posix!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    const fromPowershell = Object.fromEntries([...powershell!.matchAll(/\$env:(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(fromPowershell).toEqual(fromPosix);
    expect(loadConfig([], fromPosix).config).toMatchObject({ tlsCert: 'cert.pem', tlsKey: 'key.pem' });
  });
});

describe.runIf(browserAvailable() && openssl)('docs/browser-camera.md: the capture page over the HTTPS it prints', () => {
  const browser = useCameraBrowser();
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-doc-tls-'));
  let server: TestServer | undefined;
  afterAll(async () => {
    await stopTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes the certificate with the printed openssl line, and a phone-like page sends over it once the warning is accepted', async () => {
    const [opensslLine, posix] = blocks('sh');
    expect(await sh(opensslLine!.replace('IP:192.168.1.10', 'IP:127.0.0.1'), dir)).toBe(0);
    const env = Object.fromEntries([...posix!.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    const { tlsCert, tlsKey } = loadConfig([], env).config;
    server = await startTestServer({ tlsCert: path.join(dir, tlsCert!), tlsKey: path.join(dir, tlsKey!) });
    const { secret } = server.store.createToken('kitchen', 'phone');
    // Accepting the self-signed certificate's warning, as the page tells the phone's user to.
    const context = await browser().newContext({ ignoreHTTPSErrors: true });
    const capture = await openCapturePage(browser(), `https://127.0.0.1:${server.port}/capture#camera=kitchen&token=${secret}`, { context, fps: 10 });
    try {
      expect(await capture.page.evaluate(() => window.isSecureContext)).toBe(true);
      await waitFor(() => (server!.relay.cameras.get('kitchen')?.framesIn ?? 0) > 3, 'frames over HTTPS');
      await waitFor(async () => /^kitchen → (polling|websocket) \| sent \d+ acked [1-9]/.test(await capture.status()), 'the status line');
    } finally {
      await context.close();
    }
  });
});
