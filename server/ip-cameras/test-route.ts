/**
 * POST /api/admin/ip-cameras/test (#42 item 2): an IP camera's address tried before it is saved. The relay runs the
 * capture program's `--probe` as a child (it never imports the capture side), the address in the child's environment,
 * never on a command line; the answer is the stream's codec, size and sound and one picture (base64 JPEG), or the
 * camera's refusal with its code. At most two run at once; each is ended after 20 s; what the child prints is bounded.
 */
import { spawn } from 'node:child_process';
import type { Express, RequestHandler } from 'express';
import { cameraUrlProblem } from '../../shared/camera-url.js';
import { CamrelayError, isErrorCode } from '../../shared/errors.js';
import { requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import { childEnv, ENTRY, LOADER } from './capture-process.js';

const RUNNING_MAX = 2;
const TEST_TIMEOUT_MS = 20_000;
/** A 640-wide JPEG in base64 and the JSON around it. */
const OUTPUT_MAX_BYTES = 2 * 1024 * 1024;
const URL_MAX = 2048;

export interface CameraTestAnswer {
  ok: true;
  codec: string;
  width: number;
  height: number;
  audio: string | null;
  /** One picture, base64 JPEG, at most 640 wide. */
  jpeg: string;
}

/** The child's last line, checked: a picture and its stream, or a refusal with a known code. */
function answerOf(output: string): CameraTestAnswer | CamrelayError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.trim().split('\n').pop() ?? '');
  } catch {
    return new CamrelayError('SOURCE_FAILED', 'The camera test ended without an answer.');
  }
  const a = parsed as Record<string, unknown>;
  if (a.ok === true && typeof a.codec === 'string' && typeof a.jpeg === 'string' && Number.isInteger(a.width) && Number.isInteger(a.height))
    return {
      ok: true,
      codec: a.codec,
      width: a.width as number,
      height: a.height as number,
      audio: typeof a.audio === 'string' ? a.audio : null,
      jpeg: a.jpeg,
    };
  const code = typeof a.error === 'string' && isErrorCode(a.error) ? a.error : 'SOURCE_FAILED';
  return new CamrelayError(code, typeof a.message === 'string' ? a.message.slice(0, 500) : 'The camera gave no picture.');
}

function probe(url: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', LOADER, ENTRY, '--probe'], {
      env: childEnv(process.env, { CAMRELAY_CAMERA_URL: url }),
      stdio: ['ignore', 'pipe', 'ignore'],
      windowsHide: true,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.length > OUTPUT_MAX_BYTES) child.kill('SIGKILL');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TEST_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out.length > OUTPUT_MAX_BYTES ? '' : out);
    });
  });
}

export function cameraTestRoute(app: Express, user: RequestHandler, o: HttpAuthOptions): void {
  let running = 0;
  app.post('/api/admin/ip-cameras/test', user, requireAdmin(), requireSessionChange(o), jsonBody(), async (req, res) => {
    const url = (req.body as { url?: unknown } | undefined)?.url;
    const problem =
      typeof url !== 'string' || url.length > URL_MAX
        ? 'is missing or longer than 2048 characters'
        : cameraUrlProblem(url, ['rtsp:', 'rtsps:', 'http:', 'https:']);
    if (problem || typeof url !== 'string') {
      const refused = new CamrelayError('BAD_CAMERA_URL', `url: the address ${problem}.`);
      refused.field = 'url';
      return sendError(res, refused);
    }
    if (running >= RUNNING_MAX) return sendError(res, new CamrelayError('CAMERA_TEST_BUSY'));
    running++;
    try {
      const answer = answerOf(await probe(url));
      res.setHeader('Cache-Control', 'no-store');
      if (answer instanceof CamrelayError) return sendError(res, answer);
      res.json(answer);
    } finally {
      running--;
    }
  });
}
