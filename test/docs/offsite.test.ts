/**
 * docs/offsite.md, checked as printed: its rclone and chmod commands run as printed (the server,
 * password and file paths replaced by this test's) against a real WebDAV server (Debian's Apache),
 * its config block loads with the relay's parser and, run by a relay, copies an event to the
 * place its table says; its API sample and card words are the relay's. Also configuration.md's
 * off-site section: its keys and its error line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFSITE_STATES, type EventList, type OffsiteStatus } from '../../shared/events.js';
import { offsiteText } from '../../dashboard/src/playback/offsite-status.js';
import { loadConfig } from '../../server/load-config.js';
import { dayOf } from '../../server/recording/segment-files.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { copyArgs } from '../../server/offsite/rclone.js';
import { parseOffsite } from '../../server/offsite/settings.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { startWebdav, webdavAvailable, type WebdavServer } from '../helpers/webdav.js';
import { packetTimes, seqJpeg } from '../server/recording/media.js';
import { postFrame } from '../e2e/playback-scene.js';

const doc = readFileSync(new URL('../../docs/offsite.md', import.meta.url), 'utf8');
const configuration = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());
const section = (text: string, title: string) => text.split(/^## /m).find((s) => s.startsWith(title))!;

describe.runIf(webdavAvailable())('docs/offsite.md', () => {
  let dav: WebdavServer;
  let tmp: string;
  let conf: string;
  let server: TestServer | undefined;

  /** A printed command with this test's server, password and files, run without a shell (its words split on spaces). */
  function run(printed: string, confFile = conf) {
    const command = printed
      .replace('https://dav.example.com/remote.php/webdav', dav.url)
      .replace('YOUR-PASSWORD', dav.password)
      .replaceAll('/etc/camrelay/rclone.conf', confFile)
      .replace('/etc/camrelay/id_ed25519', path.join(tmp, 'id_ed25519'));
    const [program, ...args] = command.split(' ');
    const r = spawnSync(program!, args, { encoding: 'utf8', env: { ...process.env, HOME: tmp } });
    expect(r.status, `${command}\n${r.stderr}`).toBe(0);
  }

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'camrelay-offsitedoc-'));
    conf = path.join(tmp, 'rclone.conf');
    dav = await startWebdav();
  }, 60_000);

  afterAll(async () => {
    await stopTestServer(server);
    await dav?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('makes the WebDAV remote with the password obscured, keeps the file private, and makes the folder, as printed', () => {
    const [create, chmod, mkdir, sftp] = blocks('sh');
    expect(blocks('sh')).toHaveLength(4);
    run(create!);
    const made = readFileSync(conf, 'utf8');
    expect(made).toMatch(/^\[evidence\]\ntype = webdav\n/);
    expect(made).toContain('vendor = other');
    expect(made).toMatch(/^pass = \S+$/m);
    expect(made).not.toContain(dav.password);
    run(chmod!);
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    run(mkdir!);
    expect(statSync(path.join(dav.files, 'camrelay')).isDirectory()).toBe(true);
    // The SFTP remote is only made (no SFTP server here): into a file of its own.
    const sftpConf = path.join(tmp, 'sftp.conf');
    run(sftp!, sftpConf);
    const sftpMade = readFileSync(sftpConf, 'utf8');
    expect(sftpMade).toMatch(/^\[evidence\]\ntype = sftp\n/);
    expect(sftpMade).toContain('host = backup.example.com');
  });

  it("loads the printed config, and a relay running its offsite object copies an event's clip where the table says", async () => {
    const [block] = blocks('json').filter((b) => b.includes('"offsite"'));
    const file = path.join(tmp, 'camrelay.json');
    writeFileSync(file, block!.replace('/etc/camrelay/rclone.conf', conf));
    const loaded = loadConfig(['--config', file], {}).config;
    expect(loaded.offsite).toEqual({
      remote: 'evidence:camrelay',
      rcloneConfig: conf,
      rclone: 'rclone',
      what: 'both',
      maxMbPerDay: 500,
      queueEvents: 500,
      parallel: 1,
    });
    expect(loaded.recording.defaults.mode).toBe('motion');
    // The printed offsite object; the camera records all the time here, with no post-roll to wait for.
    server = await startTestServer({
      offlineAfterMs: 1500,
      recording: { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'continuous', preRollSeconds: 0, postRollSeconds: 0, motion: { enabled: false } } } },
      offsite: loaded.offsite,
    });
    const jpeg = await seqJpeg(1);
    let start = 0;
    for (let i = 0; i < 30; i++) {
      const at = Date.now();
      if (i === 10) start = at;
      await postFrame(server, 'door', i + 1, at, jpeg);
      await waitFor(() => Date.now() >= at + 100, 'the next frame due');
    }
    server.recording.motion('door', { type: 'start', at: start, score: 5 });
    server.recording.motion('door', { type: 'end', at: start + 1000 });
    const s = server;
    const status = await waitFor(
      async () => {
        const res = await fetch(`${s.url}/api/events?from=${start - 60_000}&to=${start + 60_000}`, { headers: s.adminAuth });
        const state = ((await res.json()) as EventList).events.find((e) => e.start === start)?.offsite;
        return state?.state === 'copied' || state?.state === 'failed' ? state : null;
      },
      'the event copied',
      60_000,
      200,
    );
    expect(status.state).toBe('copied');
    const folder = path.join(dav.files, 'camrelay', 'door', dayOf(start));
    expect(readdirSync(folder)).toEqual([`${String(start).padStart(13, '0')}.mp4`]);
    // The camera's H.264 segments, cut by copy: the clip holds the second of motion's frames (10 fps).
    const times = await packetTimes(path.join(folder, `${start}.mp4`));
    expect(times.length).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it("runs `rclone config file` as printed, and rclone's flags are the ones the page names", () => {
    expect(doc).toContain('`rclone config file` prints which');
    run('rclone config file');
    const args = copyArgs({}, 'a', 'b').join(' ');
    expect(doc).toContain('`--retries 1 --low-level-retries 2`');
    expect(args).toContain('--retries 1 --low-level-retries 2 --contimeout 15s --timeout 60s');
    expect(doc).toContain('15 s to connect, 60 s\nwithout progress');
  });

  it("prints an event's offsite object as the API gives it", () => {
    const [sample] = blocks('json').filter((b) => b.includes('"state"'));
    const status = JSON.parse(sample!) as OffsiteStatus;
    expect(OFFSITE_STATES).toContain(status.state);
    expect(Object.keys(status).every((k) => ['state', 'detail', 'at', 'retryAt'].includes(k))).toBe(true);
  });

  it('prints the words each card says', () => {
    const rows = section(doc, 'What each event says')
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split(' | ')[1]!)
      .filter((words) => words !== 'the card says');
    const detail = 'dial tcp 192.0.2.10:443: connect: connection refused';
    expect(rows).toEqual([
      offsiteText({ state: 'queued', at: 0 }),
      offsiteText({ state: 'copying', at: 0 }),
      offsiteText({ state: 'copied', at: 0 }),
      offsiteText({ state: 'failed', at: 0, detail, retryAt: new Date(2026, 10, 24, 10, 42).getTime() }),
      offsiteText({ state: 'failed', at: 0, detail: 'gave up after 24 h: …' }),
      offsiteText({ state: 'held', at: 0, detail: 'daily cap of 500 MB reached', retryAt: new Date(2026, 10, 25, 1, 0).getTime() }),
    ]);
  });
});

describe('docs/configuration.md, off-site copies', () => {
  it('lists every key of the offsite setting', () => {
    const keys = section(configuration, 'Off-site copies\n')
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .flatMap((l) => [...l.split(' | ')[0]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
    const parsed = parseOffsite('{"remote":"e:x","rcloneConfig":"c","cameras":["door"],"bwlimit":"1M"}');
    expect(keys.sort()).toEqual(Object.keys(parsed.ok ? parsed.value : {}).sort());
  });

  it('prints the error line the relay gives for a remote without a colon', () => {
    const printed = /such as\s+`([^`]+)`/.exec(section(configuration, 'Off-site copies\n'))![1]!;
    expect(() => loadConfig([], { CAMRELAY_OFFSITE: '{"remote":"camrelay"}' })).toThrow(printed);
  });

  it('has the offsite queue in the data folder table', () => {
    expect(existsSync(new URL('../../docs/offsite.md', import.meta.url))).toBe(true);
    expect(section(configuration, 'Data folder')).toContain('| `offsite/queue.json` |');
  });
});
