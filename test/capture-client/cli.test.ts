/** The capture client's flags: defaults, the environment, and one clear line naming the flag at fault. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { captureUsage, programName } from '../../capture-client/cli-usage.js';

const base = ['--server', 'http://10.0.0.2:3000', '--camera', 'front-door', '--token', 't0k'];
const error = (argv: string[], env: Record<string, string> = {}) => {
  try {
    parseCaptureArgs(argv, env);
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('parseCaptureArgs', () => {
  it('reads the flags, with defaults for the rest', () => {
    expect(parseCaptureArgs([...base, '--fps', '30', '--width', '640', '--source', 'test-pattern'], {})).toEqual({
      kind: 'run',
      command: { server: 'http://10.0.0.2:3000', cameraId: 'front-door', token: 't0k', fps: 30, width: 640, source: 'test-pattern', transport: 'auto' },
    });
  });

  it('reads --detect (#39), off unless given, and refuses it beside --config', () => {
    const parsed = parseCaptureArgs([...base, '--detect'], {});
    expect(parsed.kind === 'run' && parsed.command.detect).toBe(true);
    const plain = parseCaptureArgs(base, {});
    expect(plain.kind === 'run' && plain.command.detect).toBeUndefined();
    expect(() => parseCaptureArgs(['--config', 'c.json', '--detect'], {})).toThrow(/--config and --detect do not go together/);
  });

  it('reads --exit-on-auth-error, off unless given', () => {
    const parsed = parseCaptureArgs([...base, '--exit-on-auth-error'], {});
    expect(parsed.kind === 'run' && parsed.command.exitOnAuthError).toBe(true);
    const plain = parseCaptureArgs(base, {});
    expect(plain.kind === 'run' && plain.command.exitOnAuthError).toBeFalsy();
  });

  it('takes a token that starts with a dash, as the relay issued 1 in 64 of them before', () => {
    const parsed = parseCaptureArgs(['--server', 'http://10.0.0.2:3000', '--camera', 'front-door', '--token', '-Ab3', '--fps', '5'], {});
    expect(parsed).toMatchObject({ kind: 'run', command: { token: '-Ab3', fps: 5 } });
    expect(error(['--server', 'http://10.0.0.2:3000', '--camera', 'a', '--token', '--fps', '5'])).toContain('BAD_CONFIG');
  });

  it('reads an IP camera URL from --url or CAMRELAY_CAMERA_URL, and names a wrong one with its password masked', () => {
    const rtsp = parseCaptureArgs(
      [...base, '--source', 'rtsp', '--url', 'rtsp://u:p@10.0.0.9/sub', '--record-url', 'rtsp://u:p@10.0.0.9/main', '--rtsp-transport', 'udp'],
      {},
    );
    expect(rtsp).toMatchObject({ command: { source: 'rtsp', url: 'rtsp://u:p@10.0.0.9/sub', recordUrl: 'rtsp://u:p@10.0.0.9/main', rtspTransport: 'udp' } });
    const fromEnv = parseCaptureArgs([...base, '--source', 'snapshot'], { CAMRELAY_CAMERA_URL: 'http://cam.lan/snap.jpg' });
    expect(fromEnv).toMatchObject({ command: { source: 'snapshot', url: 'http://cam.lan/snap.jpg' } });
    expect(error([...base, '--source', 'rtsp'])).toContain('--source rtsp needs --url');
    const wrong = error([...base, '--source', 'mjpeg', '--url', 'rtsp://admin:secret@10.0.0.9/x']);
    expect(wrong).toContain('must start with http:// or https://');
    expect(wrong).not.toContain('secret');
    // Checked as typed (#37): new URL() would drop the CR/LF and take a URL with no host.
    const env = (url: string) => error([...base, '--source', 'rtsp'], { CAMRELAY_CAMERA_URL: url });
    expect(env('rtsp://admin:secret@10.0.0.9/stream\r\nX-Injected: a\r\nCSeq: 99')).toMatch(/^BAD_CONFIG: --url: .*line break/);
    expect(env('rtsp:/etc/passwd')).toMatch(/^BAD_CONFIG: --url: .*must start with rtsp:\/\//);
    expect(error([...base, '--source', 'rtsp', '--url', 'rtsp://10.0.0.9/x', '--record-url', 'rtsp:///main'])).toMatch(
      /--record-url: .*names no camera address/,
    );
    expect(error([...base, '--url', 'rtsp://10.0.0.9/x'])).toContain('need --source rtsp');
    expect(error([...base, '--source', 'mjpeg', '--url', 'http://c/v', '--record-url', 'http://c/w'])).toContain('--record-url needs --source rtsp');
  });

  it('takes --record-h265 encode or copy for rtsp, names any other value, and refuses it for other sources', () => {
    const rtsp = [...base, '--source', 'rtsp', '--url', 'rtsp://10.0.0.9/sub'];
    expect(parseCaptureArgs([...rtsp, '--record-h265', 'copy'], {})).toMatchObject({ command: { recordH265: 'copy' } });
    expect(parseCaptureArgs([...rtsp, '--record-h265', 'encode'], {})).toMatchObject({ command: { recordH265: 'encode' } });
    const plain = parseCaptureArgs(rtsp, {});
    expect(plain.kind === 'run' && plain.command.recordH265).toBeUndefined();
    expect(error([...rtsp, '--record-h265', 'h264'])).toBe('BAD_CONFIG: --record-h265="h264" is not valid: use encode or copy.');
    expect(error([...base, '--source', 'mjpeg', '--url', 'http://c/v', '--record-h265', 'copy'])).toContain('--record-h265 needs --source rtsp');
    expect(error([...base, '--record-h265', 'copy'])).toContain('--record-h265 needs --source rtsp');
  });

  it('takes --audio-device (and --audio-format) for a webcam PC, and refuses them for an IP camera, whose sound is its own (#40)', () => {
    const webcam = [...base, '--source', 'ffmpeg'];
    expect(parseCaptureArgs([...webcam, '--audio-device', 'Microphone (Realtek Audio)'], {})).toMatchObject({
      command: { audioDevice: 'Microphone (Realtek Audio)' },
    });
    expect(parseCaptureArgs([...webcam, '--audio-device', 'default', '--audio-format', 'pulse'], {})).toMatchObject({
      command: { audioDevice: 'default', audioFormat: 'pulse' },
    });
    expect(error([...webcam, '--audio-format', 'pulse'])).toBe('BAD_CONFIG: --audio-format needs --audio-device.');
    expect(error([...webcam, '--audio-device', 'mic', '--audio-format', 'pulse -i x'])).toMatch(/--audio-format.*use an ffmpeg input format/);
    expect(error([...webcam, '--audio-device', 'two\nlines'])).toMatch(/--audio-device.*as --list-devices names it/);
    expect(error([...base, '--source', 'rtsp', '--url', 'rtsp://10.0.0.9/sub', '--audio-device', 'mic'])).toContain("takes the camera's own sound");
  });

  it('takes server, camera and token from the environment', () => {
    const parsed = parseCaptureArgs([], { CAMRELAY_SERVER: 'https://relay.example', CAMRELAY_CAMERA: 'c1', CAMRELAY_TOKEN: 'x' });
    expect(parsed).toMatchObject({ kind: 'run', command: { server: 'https://relay.example', cameraId: 'c1', token: 'x' } });
  });

  it('accepts every transport, webrtc included', () => {
    for (const transport of ['auto', 'socketio', 'http', 'webrtc']) {
      expect(parseCaptureArgs([...base, '--transport', transport], {})).toMatchObject({ command: { transport } });
    }
  });

  it('refuses a --name the relay would refuse (BAD_NAME) at start, naming the character without printing it', () => {
    expect(error([...base, '--name', 'Drive\u009b31m'])).toMatch(/^BAD_CONFIG: --name holds U\+009B: /);
    expect(error([...base], { CAMRELAY_NAME: 'Drive\u202eyaw' })).toMatch(/^BAD_CONFIG: --name holds U\+202E: [^\u202e]*$/);
    expect(parseCaptureArgs([...base, '--name', 'Entrée 北門 🚗'], {})).toMatchObject({ command: { name: 'Entrée 北門 🚗' } });
  });

  it('keeps a Windows device name with spaces and parentheses whole', () => {
    const parsed = parseCaptureArgs([...base, '--device', 'HD Pro Webcam C920 (2)'], {});
    expect(parsed).toMatchObject({ command: { device: 'HD Pro Webcam C920 (2)' } });
  });

  it('names the flag at fault in one line', () => {
    expect(error([...base, '--fps', '0'])).toBe('BAD_CONFIG: --fps="0" is not valid: use a whole number from 1 to 60.');
    expect(error([...base, '--transport', 'websocket'])).toContain('--transport="websocket"');
    expect(error([...base, '--source', 'dshow'])).toContain('use one of ffmpeg, webcam, test-pattern, file');
    expect(error(['--camera', 'a', '--token', 't'])).toContain('--server is required');
    expect(error([...base.slice(0, 2), '--camera', 'a b', '--token', 't'])).toContain('--camera="a b"');
    expect(error(['--server', 'ftp://x', '--camera', 'a', '--token', 't'])).toContain('use http:// or https://');
    expect(error([...base, '--source', 'file'])).toContain('--source file needs --path');
    expect(error([...base, '--bogus'])).toContain('BAD_CONFIG');
  });

  it('recognises --help, --version and --list-devices without other flags', () => {
    expect(parseCaptureArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCaptureArgs(['--version'], {})).toEqual({ kind: 'version' });
    expect(parseCaptureArgs(['--list-devices'], {})).toEqual({ kind: 'list-devices' });
  });

  describe('--help', () => {
    it('names the one-file program as it was started, and nothing the zip does not hold', () => {
      for (const program of ['.\\camrelay-capture.exe', './camrelay-capture', 'node camrelay-capture.cjs']) {
        const help = captureUsage(program);
        expect(help.split('\n')[0]).toBe(`Usage: ${program} --server <url> --camera <id> --token <token> [options]`);
        expect(help).not.toMatch(/npm|capture\.cmd/);
      }
    });

    it('names the repository commands when run from the sources', () => {
      expect(captureUsage(null)).toContain('npm run capture -- --server <url>');
      expect(captureUsage(null)).toContain('.\\capture.cmd');
    });

    it('takes the program name from how it was started', () => {
      expect(programName(false, ['node', 'capture-client/main.ts'], 'linux')).toBeNull();
      expect(programName(true, ['C:\\cam relay\\camrelay-capture.exe', 'C:\\cam relay\\camrelay-capture.exe'], 'win32')).toBe('.\\camrelay-capture.exe');
      expect(programName(true, ['/opt/camrelay/camrelay-capture', '/opt/camrelay/camrelay-capture'], 'linux')).toBe('./camrelay-capture');
      expect(programName(true, ['/usr/bin/node', '/tmp/x/camrelay-capture.cjs'], 'linux')).toBe('node camrelay-capture.cjs');
    });
  });

  describe('--ffmpeg-path and CAMRELAY_FFMPEG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'camrelay-cli-test-'));
    const exe = join(dir, 'ffmpeg.exe');
    const other = join(dir, 'other-ffmpeg');
    writeFileSync(exe, '');
    writeFileSync(other, '');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('takes the flag, or else the variable; the flag wins', () => {
      expect(parseCaptureArgs([...base, '--ffmpeg-path', exe], {})).toMatchObject({ command: { ffmpegPath: exe } });
      expect(parseCaptureArgs(base, { CAMRELAY_FFMPEG: exe })).toMatchObject({ command: { ffmpegPath: exe } });
      expect(parseCaptureArgs([...base, '--ffmpeg-path', exe], { CAMRELAY_FFMPEG: other })).toMatchObject({ command: { ffmpegPath: exe } });
    });

    it('is used by --list-devices too', () => {
      expect(parseCaptureArgs(['--list-devices', '--ffmpeg-path', exe], {})).toEqual({ kind: 'list-devices', ffmpegPath: exe });
      expect(parseCaptureArgs(['--list-devices'], { CAMRELAY_FFMPEG: exe })).toEqual({ kind: 'list-devices', ffmpegPath: exe });
      expect(parseCaptureArgs(['--list-devices'], {})).toEqual({ kind: 'list-devices' });
    });

    it('refuses a file that does not exist, or a folder, naming the setting that gave it', () => {
      const missing = join(dir, 'nope.exe');
      expect(error([...base, '--ffmpeg-path', missing])).toBe(
        `BAD_CONFIG: --ffmpeg-path=${JSON.stringify(missing)} is not valid: there is no such file; give the full path of ffmpeg (ffmpeg.exe on Windows).`,
      );
      expect(error(base, { CAMRELAY_FFMPEG: missing })).toMatch(/^BAD_CONFIG: CAMRELAY_FFMPEG=.* there is no such file/);
      expect(error(['--list-devices', '--ffmpeg-path', dir])).toMatch(/^BAD_CONFIG: --ffmpeg-path=.* it is a folder/);
    });

    it('ignores an empty CAMRELAY_FFMPEG', () => {
      expect(parseCaptureArgs(base, { CAMRELAY_FFMPEG: '' })).toMatchObject({ command: { fps: 15 } });
    });
  });

  it('reads --height as a whole number of pixels', () => {
    expect(parseCaptureArgs([...base, '--width', '1280', '--height', '720'], {})).toMatchObject({ command: { width: 1280, height: 720 } });
    expect(error([...base, '--height', '720p'])).toMatch(/^BAD_CONFIG: --height="720p" is not valid/);
  });

  describe('--config', () => {
    it('runs the cameras of a file, from the flag or CAMRELAY_CONFIG, with --server as an override', () => {
      expect(parseCaptureArgs(['--config', 'cameras.json'], {})).toEqual({ kind: 'config', config: { file: 'cameras.json' } });
      expect(parseCaptureArgs([], { CAMRELAY_CONFIG: 'site.json', CAMRELAY_CAMERA: 'x' })).toEqual({ kind: 'config', config: { file: 'site.json' } });
      expect(parseCaptureArgs(['--config', 'c.json', '--server', 'http://10.0.0.2:3000/'], {})).toEqual({
        kind: 'config',
        config: { file: 'c.json', server: 'http://10.0.0.2:3000' },
      });
    });

    it('refuses a per-camera flag beside it, naming both', () => {
      expect(error(['--config', 'c.json', '--camera', 'porch'])).toBe(
        'BAD_CONFIG: --config and --camera do not go together: set each camera in the file, or drop --config to run one camera from flags.',
      );
      expect(error(['--source', 'rtsp'], { CAMRELAY_CONFIG: 'c.json' })).toMatch(/^BAD_CONFIG: CAMRELAY_CONFIG and --source do not go together/);
      expect(error(['--config', 'c.json', '--exit-on-auth-error'])).toMatch(/--config and --exit-on-auth-error do not go together/);
    });

    it('leaves the one-camera flags as they were when no file is named', () => {
      expect(parseCaptureArgs(base, { CAMRELAY_CONFIG: '' })).toMatchObject({ kind: 'run', command: { cameraId: 'front-door' } });
    });
  });
});
