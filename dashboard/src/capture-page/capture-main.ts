/**
 * The capture page's wiring (`/capture`): who may send, the Start and Stop buttons, the status line
 * once a second, and what a hidden tab or a locked phone does to the camera.
 */
import '../style.css';
import '../top-bar.css';
import '../page.css';
import '../auth/auth.css';
import './capture.css';
import { relayUrl } from '../../../common/relay-url.js';
import { CAMERA_ID_PATTERN } from '../../../shared/protocol.js';
import { Api } from '../api.js';
import { readStored, writeStored } from '../local-store.js';
import { tokenInQuery } from './capture-link.js';
import { CaptureMarkup } from './capture-markup.js';
import { CaptureSession } from './capture-session.js';
import { fpsOf, resolutionByKey, type CaptureChoice } from './capture-settings.js';
import { forgetToken, tokenForUser, whoIsHere, type Who } from './credentials.js';
import { awakeText, KeepAwake } from './keep-awake.js';
import { serverRefusal, type Refusal } from '../../../common/capture/refusals.js';
import { cameraRefusal } from './camera-refusal.js';
import { micCodec } from './mic-source.js';

// Relative to the page, so a reverse proxy may serve the relay under a sub-path (/cams/capture).
const base = new URL('.', location.href).href;
const api = new Api((url, init) => fetch(relayUrl(base, url), init));
const page = new CaptureMarkup();
const awake = new KeepAwake((state) => {
  page.awake.textContent = awakeText(state);
  page.awake.hidden = state === 'off';
});
let who: Who = { kind: 'nobody', badCameraId: null };
let session: CaptureSession | null = null;
/** A signed-in user's kept token was unknown to the relay once: the next refusal is final. */
let madeNewToken = false;

const remembered = (key: string) => readStored(`camrelay.capture.${key}`);
page.size.value = `${resolutionByKey(remembered('size')).width}x${resolutionByKey(remembered('size')).height}`;
page.fps.value = String(fpsOf(remembered('fps')));
page.name.value = remembered('name') ?? '';
page.updateSummary();

function choice(): CaptureChoice {
  const size = resolutionByKey(page.size.value);
  return { width: size.width, height: size.height, fps: fpsOf(page.fps.value), deviceId: page.device.value || null };
}

function refuse(refusal: Refusal): void {
  page.showRefusal(refusal);
  page.setState('refused');
}

async function start(): Promise<void> {
  page.showRefusal(null);
  const cameraId = page.camera.value.trim();
  if (!CAMERA_ID_PATTERN.test(cameraId)) return refuse(serverRefusal('BAD_CAMERA_ID', '', cameraId));
  let token: string;
  if (who.kind === 'link') token = who.token;
  else {
    const answer = await tokenForUser(api, cameraId);
    if (!answer.ok) return refuse(serverRefusal(answer.code, answer.message, cameraId));
    token = answer.token;
  }
  for (const [key, value] of [
    ['size', page.size.value],
    ['fps', page.fps.value],
    ['name', page.name.value],
    ['camera', cameraId],
  ] as const)
    writeStored(`camrelay.capture.${key}`, value);
  const asked = choice();
  // The page offers its microphone only where the browser can encode it; the relay then asks for it only when it is wanted.
  const codec = await micCodec();
  const run = new CaptureSession(
    { base, cameraId, token, name: page.name.value.trim() },
    asked,
    page.video,
    {
      refused: (code, message) => void refused(run, cameraId, code, message),
      cameraEnded: () => {
        // Hidden: the page starts the camera again when it is back in front.
        if (!document.hidden) stop(cameraRefusal('CAMERA_ENDED', ''));
      },
      encodeFailed: (message) => page.showRefusal(cameraRefusal('ENCODE_FAILED', message)),
      micChanged: (state, why) => session === run && page.setMic(state, codec, why),
    },
    codec,
  );
  page.setMic('off', codec);
  session = run;
  page.setRunning(true);
  page.setState('connecting');
  try {
    const opened = await run.start();
    // Refused while the camera was opening: that run is over already.
    if (session !== run) return;
    const gives = `${opened.width}×${opened.height}${opened.fps ? ` at ${Math.round(opened.fps)} fps` : ''}`;
    page.details.textContent = `Asked ${asked.width}×${asked.height} at ${asked.fps} fps; ${opened.label || 'the camera'} gives ${gives}. JPEG by ${run.encoder.method}.`;
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    page.setDevices(devices, asked.deviceId ?? opened.deviceId);
    void awake.hold();
    tick();
  } catch (err) {
    if (session !== run) return;
    stop(cameraRefusal((err as Error).name, (err as Error).message));
  }
}

async function refused(run: CaptureSession, cameraId: string, code: string, message: string): Promise<void> {
  if (session !== run) return;
  const refusal = serverRefusal(code, message, cameraId);
  if (who.kind === 'user' && (code === 'BAD_TOKEN' || code === 'REVOKED')) {
    // The token this browser kept is gone: the next Start makes another.
    forgetToken(cameraId);
    // Unknown to the relay (its data folder was reset): make one now, once. Revoked: someone meant it; say so.
    if (code === 'BAD_TOKEN' && !madeNewToken) {
      madeNewToken = true;
      stop(null);
      return start();
    }
    refusal.fix = 'Press Start to send with a new token of this camera.';
  }
  stop(refusal);
}

function stop(refusal: Refusal | null): void {
  session?.stop();
  session = null;
  page.setMic(null, null);
  awake.release();
  page.setRunning(false);
  if (refusal) refuse(refusal);
  else page.setState('idle');
}

function tick(): void {
  if (!session) return;
  page.status.textContent = session.statusLine();
  const s = session.engine.stats;
  page.setState(document.hidden ? 'paused' : s.link && s.acked > 0 ? 'sending' : 'connecting');
}

page.form.addEventListener('submit', (event) => {
  event.preventDefault();
  madeNewToken = false;
  page.start.disabled = true;
  void start().finally(() => (page.start.disabled = false));
});
page.stop.addEventListener('click', () => stop(null));
document.addEventListener('visibilitychange', () => {
  page.hiddenWarning.hidden = !document.hidden || !session;
  if (!document.hidden && session && !session.cameraLive) {
    // The system took the camera while hidden (a locked phone): open it again.
    stop(null);
    void start();
  }
  tick();
});
setInterval(tick, 1000);

async function init(): Promise<void> {
  if (tokenInQuery(location.search)) {
    page.showRefusal({
      code: 'TOKEN_IN_QUERY',
      title: "This link carries a token in its query string, which this page never reads: it ends up in the relay's and proxies' logs.",
      fix: 'Use the capture link from Admin → Users & tokens → Camera tokens: its token comes after the "#".',
      retry: false,
    });
  }
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    page.start.disabled = true;
    return refuse(cameraRefusal(window.isSecureContext ? 'NO_MEDIA_DEVICES' : 'INSECURE_CONTEXT', ''));
  }
  who = await whoIsHere(api, location.hash);
  if (who.kind === 'link') {
    page.camera.value = who.cameraId;
    page.camera.readOnly = true;
    page.setWho(`Camera ${who.cameraId}`, ', from a capture link.');
  } else if (who.kind === 'user') {
    page.camera.value = remembered('camera') ?? 'phone';
    page.setWho(
      `Signed in as ${who.user.username}`,
      who.user.role === 'admin' ? ': pick a camera id and press Start.' : ' (viewer): only admins may send a camera.',
    );
  } else {
    page.start.disabled = true;
    page.setWho('Not signed in', '.');
    refuse(serverRefusal(who.badCameraId ? 'BAD_CAMERA_ID' : 'AUTH_REQUIRED', '', who.badCameraId ?? ''));
  }
}
void init();
