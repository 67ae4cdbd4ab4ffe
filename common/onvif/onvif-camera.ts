/**
 * One ONVIF camera through the `onvif` library (agsh/onvif, pure JS): its device information, media profiles,
 * stream URIs and PTZ, each call bounded by a deadline, and every error's text with the password masked.
 */
import onvif from 'onvif';
import { CamrelayError } from '../../shared/errors.js';
import { PTZ_PRESETS_MAX, type PtzCaps } from '../../shared/ptz.js';

/** Where and as whom to reach a camera's ONVIF service; `address` is http://host[:port]. */
export interface OnvifTarget {
  address: string;
  user?: string;
  password?: string;
  /** Each call, and the whole connect, must answer within this (default 5 s). */
  timeoutMs?: number;
}

export interface OnvifProfile {
  token: string;
  name: string;
  codec: string;
  width: number | null;
  height: number | null;
  ptz: boolean;
}

export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
}

type Callback<T> = (err: Error | null, value: T) => void;
/** The library's parsed XML: nested objects, read with at(). */
type Xml = Record<string, unknown>;

/** The value at a path of nested objects, or undefined. */
function at(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = typeof v === 'object' && v !== null ? (v as Xml)[k] : undefined;
  return v;
}
/** The part of the library's Cam used here (its own typings are loose). */
interface CamLike {
  uri?: Record<string, unknown>;
  profiles?: Xml[];
  connect(cb: Callback<unknown>): void;
  getDeviceInformation(cb: Callback<Record<string, unknown>>): void;
  getStreamUri(o: { protocol: string; profileToken: string }, cb: Callback<{ uri?: string }>): void;
  getNodes(cb: Callback<Record<string, Xml>>): void;
  getPresets(o: { profileToken?: string }, cb: Callback<Record<string, Xml>>): void;
  continuousMove(o: { x: number; y: number; zoom: number; profileToken?: string }, cb: Callback<unknown>): void;
  stop(o: { panTilt: boolean; zoom: boolean; profileToken?: string }, cb: Callback<unknown>): void;
  gotoPreset(o: { preset: string; profileToken?: string }, cb: Callback<unknown>): void;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class OnvifCamera {
  /** Connects (GetSystemDateAndTime, GetCapabilities, GetProfiles…); CAMERA_UNREACHABLE when it does not answer in time. */
  static async connect(target: OnvifTarget): Promise<OnvifCamera> {
    const url = new URL(target.address);
    const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const cam = new onvif.Cam({
      hostname: url.hostname,
      port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      useSecure: url.protocol === 'https:',
      ...(url.pathname && url.pathname !== '/' ? { path: url.pathname } : {}),
      ...(target.user ? { username: target.user, password: target.password ?? '' } : {}),
      timeout: timeoutMs,
      autoconnect: false,
    }) as unknown as CamLike;
    const camera = new OnvifCamera(cam, target, timeoutMs);
    await camera.call<unknown>((cb) => cam.connect(cb), 'connect');
    return camera;
  }

  private constructor(
    private readonly cam: CamLike,
    private readonly target: OnvifTarget,
    private readonly timeoutMs: number,
  ) {}

  /** True when the camera names a PTZ service. */
  get hasPtz(): boolean {
    return Boolean(this.cam.uri?.ptz);
  }

  async info(): Promise<OnvifDeviceInfo> {
    const info = await this.call<Record<string, unknown>>((cb) => this.cam.getDeviceInformation(cb), 'GetDeviceInformation');
    return { manufacturer: String(info?.manufacturer ?? '?'), model: String(info?.model ?? '?') };
  }

  profiles(): OnvifProfile[] {
    return (this.cam.profiles ?? []).map((p) => {
      const token = String(at(p, '$', 'token') ?? '');
      return {
        token,
        name: String(at(p, 'name') ?? token),
        codec: String(at(p, 'videoEncoderConfiguration', 'encoding') ?? '?'),
        width: Number(at(p, 'videoEncoderConfiguration', 'resolution', 'width')) || null,
        height: Number(at(p, 'videoEncoderConfiguration', 'resolution', 'height')) || null,
        ptz: Boolean(at(p, 'PTZConfiguration')),
      };
    });
  }

  /** The profile's RTSP URI as the camera gives it (usually without credentials). */
  async streamUri(profileToken: string): Promise<string> {
    const answer = await this.call<{ uri?: string }>((cb) => this.cam.getStreamUri({ protocol: 'RTSP', profileToken }, cb), 'GetStreamUri');
    if (!answer?.uri) throw new CamrelayError('CAMERA_UNREACHABLE', 'The camera gave no stream URI.');
    return String(answer.uri);
  }

  /** What the first PTZ node can do (continuous pan/tilt, zoom) and the presets of the default profile. */
  async ptzCaps(): Promise<PtzCaps> {
    const nodes = await this.call<Record<string, Xml>>((cb) => this.cam.getNodes(cb), 'GetNodes');
    const spaces = at(Object.values(nodes ?? {})[0], 'supportedPTZSpaces');
    const presets = await this.call<Record<string, Xml>>((cb) => this.cam.getPresets({}, cb), 'GetPresets');
    // The library's XML parsing turns a numeric token ("1", as many cameras number presets) into a number.
    const list = Object.entries(presets ?? {})
      .map(([name, p]) => ({ token: at(p, '$', 'token'), name }))
      .filter((p): p is { token: string | number; name: string } => typeof p.token === 'string' || typeof p.token === 'number')
      .slice(0, PTZ_PRESETS_MAX)
      .map((p) => ({ token: String(p.token), name: p.name }));
    const panTilt = Boolean(at(spaces, 'continuousPanTiltVelocitySpace'));
    return { pan: panTilt, tilt: panTilt, zoom: Boolean(at(spaces, 'continuousZoomVelocitySpace')), presets: list };
  }

  move(pan: number, tilt: number, zoom: number): Promise<unknown> {
    return this.call((cb) => this.cam.continuousMove({ x: pan, y: tilt, zoom }, cb), 'ContinuousMove');
  }

  stop(): Promise<unknown> {
    return this.call((cb) => this.cam.stop({ panTilt: true, zoom: true }, cb), 'Stop');
  }

  /** `token` must be one of ptzCaps()'s presets: the library puts it into the SOAP body as it is. */
  gotoPreset(token: string): Promise<unknown> {
    return this.call((cb) => this.cam.gotoPreset({ preset: token }, cb), 'GotoPreset');
  }

  /** The camera's words with the password masked (an error may echo the request). */
  mask(text: string): string {
    const secret = this.target.password;
    return secret ? text.split(secret).join('***') : text;
  }

  /** One library call with a deadline: a camera that accepts the connection and then says nothing must not hang us. */
  private call<T>(start: (cb: Callback<T>) => void, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CamrelayError('CAMERA_UNREACHABLE', `The camera did not answer ${what} within ${this.timeoutMs / 1000} s.`)),
        this.timeoutMs,
      );
      try {
        start((err, value) => {
          clearTimeout(timer);
          if (err) reject(new CamrelayError('CAMERA_UNREACHABLE', this.mask(`${what}: ${err.message}`)));
          else resolve(value);
        });
      } catch (err) {
        clearTimeout(timer);
        reject(new CamrelayError('CAMERA_UNREACHABLE', this.mask(`${what}: ${(err as Error).message}`)));
      }
    });
  }
}
