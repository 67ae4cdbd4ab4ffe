/**
 * A running RTSP camera's PTZ (#29): connects to its ONVIF service (--onvif), reads what it can do, tells the relay
 * through the engine's PtzLink (`ptz-caps` on each connect; nothing for a camera that cannot move) and carries out
 * the relay's `ptz` commands. A camera whose ONVIF service does not answer is asked again later; frames flow meanwhile.
 */
import type { PtzLink } from '../../common/capture/ptz-link.js';
import { OnvifCamera, type OnvifTarget } from '../../common/onvif/onvif-camera.js';
import { PtzExecutor } from './ptz-executor.js';

/** The wait between connect attempts: ONVIF is not needed for frames, so it is asked for gently. */
const RETRY_MS = 30_000;

export class OnvifPtz {
  private executor: PtzExecutor | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Why a command cannot be carried out yet. */
  private why = "The camera's ONVIF service has not answered yet.";

  constructor(
    private readonly link: PtzLink,
    private readonly target: OnvifTarget,
    private readonly say: (message: string) => void,
    private readonly retryMs = RETRY_MS,
  ) {
    this.link.onPtz(async (command) => this.executor?.run(command) ?? { ok: false, error: 'PTZ_FAILED', message: this.why });
    void this.start();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.executor?.close();
  }

  private async start(): Promise<void> {
    const where = new URL(this.target.address).host;
    try {
      const camera = await OnvifCamera.connect(this.target);
      if (this.stopped) return;
      if (!camera.hasPtz) this.why = 'This camera has no PTZ.';
      if (!camera.hasPtz) return this.say(`ONVIF: the camera at ${where} has no PTZ; it shows without PTZ controls.`);
      const caps = await camera.ptzCaps();
      if (this.stopped) return;
      this.executor = new PtzExecutor(camera, caps, { say: this.say });
      this.link.sendCaps(caps);
      this.say(`ONVIF: PTZ ready at ${where} (${caps.presets.length} presets).`);
    } catch (err) {
      if (this.stopped) return;
      this.say(`ONVIF: ${(err as Error).message.replace(/\.?$/, '.')} Trying again in ${Math.round(this.retryMs / 1000)} s; frames flow meanwhile.`);
      this.timer = setTimeout(() => void this.start(), this.retryMs);
    }
  }
}

/** The camera with its PTZ started, and stopped with it. */
export function withOnvifPtz<C extends { client: { ptz: PtzLink }; stop(): Promise<void> }>(camera: C, target: OnvifTarget, say: (m: string) => void): C {
  const ptz = new OnvifPtz(camera.client.ptz, target, say);
  const stop = camera.stop.bind(camera);
  camera.stop = async () => {
    ptz.stop();
    await stop();
  };
  return camera;
}
