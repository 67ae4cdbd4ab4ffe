/**
 * What the relay does with a message on a command topic: a snapshot now, or a recording mode set
 * through the check and the manager the Admin area's `PUT /api/cameras/<id>/recording` uses, only
 * when `mqtt.allowCommands` is on. A refusal is published with its code on `<camera>/refused`.
 * A retained command is refused (#55): the broker hands it over again at every connect, which
 * switched recording each time the relay reconnected.
 */
import { CamrelayError } from '../../shared/errors.js';
import { MODES, type RecordingMode } from '../../shared/recording.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { Command } from './topics.js';

/** The longest command (`continuous` is 10 bytes): a larger payload is refused before it is read. */
export const COMMAND_PAYLOAD_MAX = 32;
/** Retained commands already refused, kept to say each once: two per known camera at most; past this many it starts again. */
const RETAINED_SAID_MAX = 4096;

export interface CommandsDeps {
  allowCommands: boolean;
  /** The mode `ON` sets. */
  recordMode: RecordingMode;
  /** Whether the relay knows the camera (a command never creates settings for an id nobody uses). */
  known(camera: string): boolean;
  /** Recording's manager's configure: a mode is the whole change a command makes. */
  configure(camera: string, change: { mode: RecordingMode }): Promise<unknown>;
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

  /** Per camera and command, the retained payload last refused: handed over again at a reconnect, it is counted but not said again. */
  private readonly retainedSaid = new Map<string, string>();

  constructor(private readonly d: CommandsDeps) {}

  /** `retained`: the message came with the retain flag (kept by the broker, handed over at subscribe). */
  async heard(camera: string, command: Command, payload: Buffer, retained = false): Promise<void> {
    if (!this.d.known(camera)) return this.refuse(camera, command, new CamrelayError('UNKNOWN_CAMERA'), false);
    const key = `${camera}/${command}`;
    // An empty payload is how a retained message is cleared: not a command, and the next retained one is said again.
    if (payload.length === 0 && (retained || command === 'recording')) return void this.retainedSaid.delete(key);
    if (retained) return this.refuseRetained(key, camera, command, payload);
    if (command === 'snapshot') {
      this.counts.done++;
      return this.d.snapshot(camera);
    }
    if (!this.d.allowCommands) return this.refuse(camera, command, new CamrelayError('MQTT_COMMANDS_OFF'));
    if (payload.length > COMMAND_PAYLOAD_MAX) return this.refuse(camera, command, new CamrelayError('BAD_MQTT_COMMAND'));
    const mode = commandMode(payload.toString('utf8'), this.d.recordMode);
    if (!mode.ok) return this.refuse(camera, command, mode.error);
    await this.d.configure(camera, { mode: mode.value });
    this.counts.done++;
  }

  private refuseRetained(key: string, camera: string, command: Command, payload: Buffer): void {
    const said = payload.subarray(0, COMMAND_PAYLOAD_MAX + 1).toString('latin1');
    if (this.retainedSaid.get(key) === said) return void this.counts.refused++;
    if (this.retainedSaid.size >= RETAINED_SAID_MAX) this.retainedSaid.clear();
    this.retainedSaid.set(key, said);
    this.refuse(camera, command, new CamrelayError('MQTT_RETAINED_COMMAND'));
  }

  private refuse(camera: string, command: Command, error: CamrelayError, known = true): void {
    this.counts.refused++;
    this.d.refused(camera, command, error, known);
  }
}
