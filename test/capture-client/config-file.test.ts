/** cameras.json: each camera checked before any starts, a fault named by its index, id and field, secrets from variables. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraCommands, CONFIG_CAMERAS_MAX, CONFIG_FILE_BYTES_MAX, loadConfigFile } from '../../capture-client/config-file.js';

const server = 'http://192.168.1.10:3000';
const site = (cameras: unknown[], extra: object = {}) => ({ server, cameras, ...extra });
const error = (raw: unknown, env: Record<string, string> = {}) => {
  try {
    cameraCommands(raw, { file: 'cameras.json' }, env);
  } catch (err) {
    return `${(err as { code: string }).code}: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('cameraCommands', () => {
  it('turns each camera into the command the program runs, with the server given once', () => {
    const commands = cameraCommands(
      site([
        { id: 'desk', name: 'Desk', source: 'ffmpeg', device: '0', token: 't1', fps: 10, width: 640 },
        {
          id: 'porch',
          source: 'rtsp',
          url: 'rtsp://admin:pw@192.168.1.20:554/sub',
          recordUrl: 'rtsp://admin:pw@192.168.1.20:554/main',
          rtspTransport: 'udp',
          token: 't2',
        },
      ]),
      { file: 'cameras.json', ffmpegPath: '/opt/ffmpeg' },
      {},
    );
    expect(commands).toEqual([
      { server, cameraId: 'desk', name: 'Desk', token: 't1', fps: 10, width: 640, source: 'ffmpeg', device: '0', transport: 'auto', ffmpegPath: '/opt/ffmpeg' },
      {
        server,
        cameraId: 'porch',
        token: 't2',
        fps: 15,
        source: 'rtsp',
        url: 'rtsp://admin:pw@192.168.1.20:554/sub',
        recordUrl: 'rtsp://admin:pw@192.168.1.20:554/main',
        rtspTransport: 'udp',
        transport: 'auto',
        ffmpegPath: '/opt/ffmpeg',
      },
    ]);
  });

  it('reads tokens and URLs from the variables the file names, so the file holds no secret', () => {
    const [camera] = cameraCommands(
      site([{ id: 'porch', source: 'rtsp', urlEnv: 'PORCH_URL', tokenEnv: 'PORCH_TOKEN' }]),
      { file: 'c.json' },
      {
        PORCH_URL: 'rtsp://u:secret@10.0.0.5/s',
        PORCH_TOKEN: 'tok',
      },
    );
    expect(camera).toMatchObject({ url: 'rtsp://u:secret@10.0.0.5/s', token: 'tok' });
    expect(error(site([{ id: 'porch', source: 'rtsp', urlEnv: 'PORCH_URL', token: 't' }]))).toBe(
      'BAD_CONFIG: cameras[0].urlEnv (camera "porch"): the environment variable PORCH_URL is not set.',
    );
    expect(error(site([{ id: 'a', token: 't', tokenEnv: 'A' }]), { A: 'x' })).toBe(
      'BAD_CONFIG: cameras[0].token (camera "a"): give token or tokenEnv, not both.',
    );
  });

  it('names the camera by index and id and the field at fault, never echoing a URL', () => {
    const cams = [
      { id: 'a', token: 't' },
      { id: 'b', token: 't' },
    ];
    expect(error(site([...cams, { id: 'porch', source: 'rtsp', url: 'http://admin:hunter2@10.0.0.5/x', token: 't' }]))).toBe(
      `BAD_CONFIG: cameras[2].url (camera "porch"): the camera's address must start with rtsp:// or rtsps://, e.g. rtsp://192.168.1.20:554/stream1.`,
    );
    const injected = 'rtsp://admin:hunter2@10.0.0.5/stream\r\nX-Injected: a\r\nCSeq: 99';
    expect(error(site([...cams, { id: 'porch', source: 'rtsp', url: injected, token: 't' }]))).toMatch(/cameras\[2\]\.url .*line break/);
    expect(error(site([...cams, { id: 'porch', source: 'rtsp', url: 'rtsp:/etc/passwd', token: 't' }]))).toMatch(
      /cameras\[2\]\.url .*must start with rtsp:\/\//,
    );
    expect(error(site([...cams, { id: 'porch', source: 'rtsp', url: 'not a url hunter2', token: 't' }]))).not.toContain('hunter2');
    expect(error(site([{ id: 'a', token: 't', fps: 120 }]))).toMatch(/^BAD_CONFIG: cameras\[0\]\.fps \(camera "a"\): .*60/);
    expect(error(site([{ id: 'a', token: 't', source: 'vhs' }]))).toMatch(/^BAD_CONFIG: cameras\[0\]\.source \(camera "a"\): .*rtsp/);
    expect(error(site([{ id: 'a', token: 't', tokn: 'x' }]))).toMatch(/^BAD_CONFIG: cameras\[0\] \(camera "a"\): .*tokn/);
    expect(error(site([{ id: 'no spaces', token: 't' }]))).toMatch(/^BAD_CONFIG: cameras\[0\]\.id \(camera "no spaces"\): use 1-64 letters/);
    expect(error(site([{ id: 'a', token: 't', name: 'Drive\u0085way' }]))).toMatch(
      /^BAD_CONFIG: cameras\[0\]\.name \(camera "a"\): a name may not hold control/,
    );
    expect(error(site([{ id: 'a' }]))).toBe(
      'BAD_CONFIG: cameras[0] (camera "a"): give token (the capture token the relay printed) or tokenEnv (a variable holding it).',
    );
    expect(error(site([{ id: 'a', token: 't', source: 'mjpeg' }]))).toContain('cameras[0] (camera "a"): source mjpeg needs url');
    expect(error(site([{ id: 'a', token: 't', source: 'ffmpeg', url: 'rtsp://h/x' }]))).toContain(
      'url, recordUrl and rtspTransport need source rtsp, mjpeg, snapshot',
    );
    expect(error(site([{ id: 'a', token: 't', source: 'file' }]))).toContain('cameras[0].path (camera "a"): source file needs a path');
  });

  it("gives a camera its ONVIF address for PTZ, credentials from the variables it names, else the RTSP URL's", () => {
    const porch = { id: 'porch', source: 'rtsp', url: 'rtsp://admin:pw@192.168.1.20/s', token: 't' };
    const [fromUrl, fromVars] = cameraCommands(
      site([
        { ...porch, onvif: { address: 'http://192.168.1.20:8000' } },
        { ...porch, id: 'gate', onvif: { address: 'http://192.168.1.21', userEnv: 'GATE_USER', passwordEnv: 'GATE_PW' } },
      ]),
      { file: 'c.json' },
      { GATE_USER: 'ptz', GATE_PW: 'hunter2' },
    );
    expect(fromUrl!.onvif).toEqual({ address: 'http://192.168.1.20:8000/', user: 'admin', password: 'pw' });
    expect(fromVars!.onvif).toEqual({ address: 'http://192.168.1.21/', user: 'ptz', password: 'hunter2' });
    expect(error(site([{ ...porch, onvif: { address: 'http://u:hunter2@192.168.1.20' } }]))).toBe(
      'BAD_CONFIG: cameras[0].onvif.address (camera "porch"): use the camera\'s ONVIF address as http://host[:port], with no user name or password.',
    );
    expect(error(site([{ ...porch, onvif: { address: 'http://192.168.1.20', userEnv: 'U' } }]))).toContain(
      'cameras[0].onvif (camera "porch"): give both userEnv and passwordEnv',
    );
    expect(error(site([{ ...porch, onvif: { address: 'http://192.168.1.20', userEnv: 'U', passwordEnv: 'P' } }]), { U: 'u' })).toBe(
      'BAD_CONFIG: cameras[0].onvif (camera "porch"): the environment variable P is not set.',
    );
    expect(error(site([{ ...porch, onvif: { address: 'http://192.168.1.20', password: 'x' } }]))).toMatch(
      /^BAD_CONFIG: cameras\[0\]\.onvif \(camera "porch"\): .*password/,
    );
    expect(error(site([{ id: 'a', token: 't', onvif: { address: 'http://192.168.1.20' } }]))).toContain('onvif need source rtsp');
  });

  it('passes recordH265 through for an rtsp camera and checks its value', () => {
    const porch = { id: 'porch', source: 'rtsp', url: 'rtsp://192.168.1.20/s', token: 't' };
    const [camera] = cameraCommands(site([{ ...porch, recordH265: 'encode' }]), { file: 'c.json' }, {});
    expect(camera!.recordH265).toBe('encode');
    expect(error(site([{ ...porch, recordH265: 'transcode' }]))).toMatch(/^BAD_CONFIG: cameras\[0\]\.recordH265 \(camera "porch"\): .*copy.*encode/);
    expect(error(site([{ id: 'a', token: 't', recordH265: 'copy' }]))).toContain('recordH265 and onvif need source rtsp');
  });

  it('reads detect (#39) per camera as --detect, and only as true or false', () => {
    const [on, off] = cameraCommands(
      site([
        { id: 'a', token: 't', detect: true },
        { id: 'b', token: 't' },
      ]),
      { file: 'c.json' },
      {},
    );
    expect(on!.detect).toBe(true);
    expect(off!.detect).toBeUndefined();
    expect(error(site([{ id: 'a', token: 't', detect: 'yes' }]))).toMatch(/^BAD_CONFIG: cameras\[0\]\.detect \(camera "a"\)/);
  });

  it('refuses a second camera with the same id, naming both', () => {
    expect(
      error(
        site([
          { id: 'a', token: 't' },
          { id: 'b', token: 't' },
          { id: 'a', token: 't' },
        ]),
      ),
    ).toBe('BAD_CONFIG: cameras[2].id: "a" is already the id of cameras[0]; each camera needs its own id.');
  });

  it('bounds the list (1 to 64 cameras) before looking at any camera, and wants the server once', () => {
    const many = Array.from({ length: CONFIG_CAMERAS_MAX + 1 }, () => 'not even an object');
    expect(error(site(many))).toMatch(/^BAD_CONFIG: cameras: list at most 64 cameras/);
    expect(error(site([]))).toMatch(/^BAD_CONFIG: cameras: list at least one camera/);
    expect(error({ cameras: [{ id: 'a', token: 't' }] })).toContain('BAD_CONFIG: server: give the relay address once');
    expect(error({ server: 'ftp://x', cameras: [{ id: 'a', token: 't' }] })).toContain('server="ftp://x" is not valid: use http:// or https://');
    expect(error({ cameras: [{ id: 'a', token: 't' }] }, { CAMRELAY_SERVER: server })).toBe('no error');
    expect(error([{ id: 'a' }])).toMatch(/^BAD_CONFIG: \(file\): /);
  });

  it('lets --server win over the file', () => {
    const [camera] = cameraCommands(site([{ id: 'a', token: 't' }]), { file: 'c.json', server: 'https://relay.example' }, {});
    expect(camera!.server).toBe('https://relay.example');
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'camrelay-config-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (text: string | Buffer) => {
    const file = join(dir, 'cameras.json');
    writeFileSync(file, text);
    try {
      return loadConfigFile({ file }, {}).length;
    } catch (err) {
      return (err as Error).message.replace(file, '<file>');
    }
  };

  it('reads a file of cameras', () => {
    expect(load(JSON.stringify(site([{ id: 'a', token: 't' }])))).toBe(1);
  });

  it("says a broken file is not JSON, not with the parser's quote of the text around the fault", () => {
    expect(load('{\n "server": "rtsp://u:hunter2@h",\n "cameras": [,]\n}')).toBe(
      '<file>: is not JSON: check its quotes, commas and brackets (a JSON checker shows where).',
    );
  });

  it('refuses a file past the byte cap, and a path with no file', () => {
    expect(load(Buffer.alloc(CONFIG_FILE_BYTES_MAX + 1, 32))).toBe('<file>: is over 256 KiB, too big for a cameras.json.');
    expect(() => loadConfigFile({ file: join(dir, 'missing.json') }, {})).toThrow(/cannot be read \(ENOENT\)/);
  });
});
