/**
 * Carries out the relay's PTZ commands on an ONVIF camera: move → ContinuousMove (stopped after PTZ_MOVE_MAX_MS
 * if no stop comes: a viewer whose page closed mid-press must not leave the camera turning), stop → Stop,
 * preset → GotoPreset. Each command is checked again here; the camera's refusal comes back as PTZ_FAILED.
 */
import { PTZ_MOVE_MAX_MS, validatePtzCommand, type PtzCaps, type PtzReply } from '../../shared/ptz.js';

/** Commands waiting for a slow camera at most (each call gives up after 5 s); more are refused, not piled up. */
export const PTZ_QUEUE_MAX = 8;

/** What the executor needs of the camera (OnvifCamera). */
export interface PtzCamera {
  move(pan: number, tilt: number, zoom: number): Promise<unknown>;
  stop(): Promise<unknown>;
  gotoPreset(token: string): Promise<unknown>;
  mask(text: string): string;
}

export interface PtzExecutorOptions {
  moveMaxMs?: number;
  /** Said when a move is stopped by the time limit, or that stop fails. */
  say?: (message: string) => void;
}

export class PtzExecutor {
  private autoStop: ReturnType<typeof setTimeout> | null = null;
  /** The command being carried out: the next waits for it, or a stop could reach the camera before the move it ends. */
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private readonly moveMaxMs: number;
  private readonly say: (message: string) => void;

  constructor(
    private readonly camera: PtzCamera,
    private readonly caps: PtzCaps,
    options: PtzExecutorOptions = {},
  ) {
    this.moveMaxMs = options.moveMaxMs ?? PTZ_MOVE_MAX_MS;
    this.say = options.say ?? (() => {});
  }

  /** Runs one command as the relay sent it, after those before it; never throws. */
  run(raw: unknown): Promise<PtzReply> {
    if (this.waiting >= PTZ_QUEUE_MAX)
      return Promise.resolve({ ok: false, error: 'PTZ_FAILED', message: 'The camera is still carrying out earlier commands; try again.' });
    this.waiting++;
    const reply = this.queue.then(() => this.execute(raw)).finally(() => this.waiting--);
    this.queue = reply;
    return reply;
  }

  private async execute(raw: unknown): Promise<PtzReply> {
    const checked = validatePtzCommand(raw);
    if (!checked.ok) return { ok: false, error: checked.error.code, message: checked.error.message };
    const command = checked.value;
    this.clearAutoStop();
    try {
      if (command.op === 'move') {
        await this.camera.move(this.caps.pan ? command.pan : 0, this.caps.tilt ? command.tilt : 0, this.caps.zoom ? command.zoom : 0);
        this.autoStop = setTimeout(() => {
          this.autoStop = null;
          this.camera.stop().then(
            () => this.say(`PTZ: no stop came within ${this.moveMaxMs / 1000} s; the camera was stopped.`),
            (err: Error) => this.say(`PTZ: the camera did not stop: ${this.camera.mask(err.message)}`),
          );
        }, this.moveMaxMs);
      } else if (command.op === 'stop') await this.camera.stop();
      else {
        // Only a preset the camera listed: the library writes the token into the SOAP body unescaped.
        if (!this.caps.presets.some((p) => p.token === command.preset))
          return { ok: false, error: 'BAD_PTZ', message: `This camera has no preset "${command.preset}".` };
        await this.camera.gotoPreset(command.preset);
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, error: 'PTZ_FAILED', message: this.camera.mask((err as Error).message) };
    }
  }

  close(): void {
    this.clearAutoStop();
  }

  private clearAutoStop(): void {
    if (this.autoStop) clearTimeout(this.autoStop);
    this.autoStop = null;
  }
}
