/**
 * The relay's ONVIF discovery for the Admin area (#29): one at a time per relay (each holds a UDP socket and
 * up to 32 camera connections), one start per admin every 5 s. The password goes to the cameras and nowhere else.
 */
import { findOnvifCameras, type FoundCamera } from '../../common/onvif/find-onvif-cameras.js';
import type { DiscoveredCamera, DiscoveryRequest } from '../../common/onvif/discovery-request.js';
import { CamrelayError } from '../../shared/errors.js';

export interface OnvifDiscoveryOptions {
  find?: typeof findOnvifCameras;
  now?: () => number;
  /** Between two starts by the same admin (default 5 s). */
  spacingMs?: number;
  /** How long answers to the probe are collected (default 3 s; at most 4 s). */
  windowMs?: number;
  /** Each camera's description (all its calls) must be done within this (default 4 s). */
  deviceDeadlineMs?: number;
}

/** What the Admin is shown of a camera: no profile tokens, the URIs as findOnvifCameras masked them. */
export function discoveredView(c: FoundCamera): DiscoveredCamera {
  if (!c.ok) return c;
  const profiles = c.profiles.map(({ name, width, height, codec, uri }) => ({ name, width, height, codec, uri }));
  return { address: c.address, ok: true, maker: c.maker, model: c.model, ptz: c.ptz, profiles };
}

export class OnvifDiscovery {
  private running = false;
  /** Admin → when their last discovery started; entries older than the spacing are dropped, so it stays small. */
  private readonly started = new Map<string, number>();
  private readonly o: Required<OnvifDiscoveryOptions>;

  constructor(options: OnvifDiscoveryOptions = {}) {
    this.o = { find: findOnvifCameras, now: Date.now, spacingMs: 5000, windowMs: 3000, deviceDeadlineMs: 4000, ...options };
    if (this.o.windowMs > 4000) throw new TypeError('The discovery window must be at most 4 s.');
  }

  /** Runs one discovery for `admin`; DISCOVERY_BUSY while another runs, DISCOVERY_TOO_SOON within the spacing. */
  async run(admin: string, request: DiscoveryRequest): Promise<DiscoveredCamera[]> {
    if (this.running) throw new CamrelayError('DISCOVERY_BUSY');
    const now = this.o.now();
    for (const [who, at] of this.started) if (now - at >= this.o.spacingMs) this.started.delete(who);
    const last = this.started.get(admin);
    if (last !== undefined) {
      const error = new CamrelayError('DISCOVERY_TOO_SOON');
      error.retryAfterMs = this.o.spacingMs - (now - last);
      throw error;
    }
    this.started.set(admin, now);
    this.running = true;
    try {
      const found = await this.o.find(request, { windowMs: this.o.windowMs, timeoutMs: 3000, deadlineMs: this.o.deviceDeadlineMs });
      return found.map(discoveredView);
    } finally {
      this.running = false;
    }
  }
}
