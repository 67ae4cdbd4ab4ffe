/**
 * What the relay does with a message on a command topic: a snapshot now, or a recording mode set
 * through the check and the manager the Admin area's `PUT /api/cameras/<id>/recording` uses, only
 * when `mqtt.allowCommands` is on. A refusal is published with its code on `<camera>/refused`.
 */
import { CamrelayError } from '../../shared/errors.js';
import { MODES, type RecordingMode } from '../../shared/recording.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { checkCameraRecording, type CameraRecordingChange } from '../recording/settings.js';
import type { Command } from './topics.js';

/** The longest command (`continuous` is 10 bytes): a larger payload is refused before it is read. */
export const COMMAND_PAYLOAD_MAX = 32;

export interface CommandsDeps {
  allowCommands: boolean;
  /** The mode `ON` sets. */
  recordMode: RecordingMode;
  /** Whether the relay knows the camera (a command never creates settings for an id nobody uses). */
  known(camera: string): boolean;
  configure(camera: string, change: CameraRecordingChange): Promise<unknown>;
  snapshot(camera: string): void;
  /** `known`: false for an id the relay does not know, which gets no topic of its own (a flood of made-up ids would make one each). */
  refused(camera: string, command: Command, error: CamrelayError, known: boolean): void;
}

/** The mode a recording command's payload asks for. */
export function commandMode(payload: string, onMode: RecordingMode): Result<RecordingMode> {
  const text = payload.trim();
  if (text === 'ON') return ok(onMode);
  if (text === 'OFF') return ok('off');
  return MODES.includes(text as RecordingMode) ? ok(text as RecordingMode) : fail(new CamrelayError('BAD_MQTT_COMMAND'));
}

export class Commands {
  /** Commands carried out and refused, for /metrics. */
  readonly counts = { done: 0, refused: 0 };

  constructor(private readonly d: CommandsDeps) {}

  async heard(camera: string, command: Command, payload: Buffer): Promise<void> {
    if (!this.d.known(camera)) return this.refuse(camera, command, new CamrelayError('UNKNOWN_CAMERA'), false);
    if (command === 'snapshot') {
      this.counts.done++;
      return this.d.snapshot(camera);
    }
    if (!this.d.allowCommands) return this.refuse(camera, command, new CamrelayError('MQTT_COMMANDS_OFF'));
    if (payload.length > COMMAND_PAYLOAD_MAX) return this.refuse(camera, command, new CamrelayError('BAD_MQTT_COMMAND'));
    const mode = commandMode(payload.toString('utf8'), this.d.recordMode);
    if (!mode.ok) return this.refuse(camera, command, mode.error);
    const change = checkCameraRecording({ mode: mode.value }, 'mqtt');
    if (!change.ok) return this.refuse(camera, command, new CamrelayError('BAD_RECORDING_SETTINGS', `The recording settings are not valid: ${change.error}.`));
    await this.d.configure(camera, change.value);
    this.counts.done++;
  }

  private refuse(camera: string, command: Command, error: CamrelayError, known = true): void {
    this.counts.refused++;
    this.d.refused(camera, command, error, known);
  }
}
