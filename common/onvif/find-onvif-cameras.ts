/**
 * Finds ONVIF cameras (WS-Discovery) and asks each, all at once and each within its deadline, for its maker,
 * model, PTZ and media profiles with their stream URIs. Shared by the capture side's `--list-devices --onvif`
 * and the relay's Admin discovery. The password goes to the cameras only: every URI shows YOUR-PASSWORD instead.
 */
import { OnvifCamera, type OnvifProfile } from './onvif-camera.js';
import { discoverOnvif, type DiscoveryOptions } from './ws-discovery.js';

export const PASSWORD_PLACEHOLDER = 'YOUR-PASSWORD';

/** Who to find and as whom to ask: probes beside the multicast group, and credentials for the profile query. */
export interface OnvifFindRequest {
  probes: { host: string; port: number }[];
  user?: string;
  password?: string;
}

export type FoundProfile = OnvifProfile & { uri: string | null };

export type FoundCamera =
  { address: string; ok: true; maker: string; model: string; ptz: boolean; profiles: FoundProfile[] } | { address: string; ok: false; why: string };

/** The camera's URI with the user name put in (when given) and any password shown as YOUR-PASSWORD. */
export function pasteableUri(uri: string, user: string | undefined): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  if (user && !url.username) url.username = encodeURIComponent(user);
  if (url.username) url.password = PASSWORD_PLACEHOLDER;
  return url.toString();
}

async function describeCamera(address: string, request: OnvifFindRequest, timeoutMs: number): Promise<FoundCamera> {
  const { user, password } = request;
  try {
    const camera = await OnvifCamera.connect({ address, ...(user ? { user, password: password ?? '' } : {}), timeoutMs });
    const info = await camera.info();
    const profiles = await Promise.all(
      camera.profiles().map(async (p) => ({
        ...p,
        uri: await camera.streamUri(p.token).then(
          (u) => pasteableUri(u, user),
          () => null,
        ),
      })),
    );
    return { address, ok: true, maker: info.manufacturer, model: info.model, ptz: camera.hasPtz, profiles };
  } catch (err) {
    const why = (err as Error).message;
    return { address, ok: false, why: password ? why.split(password).join('***') : why };
  }
}

export interface FindOptions extends DiscoveryOptions {
  /** Each ONVIF call must answer within this (default 5 s). */
  timeoutMs?: number;
  /** All of one camera's calls must be done within this, else it is listed as not answering (default: none). */
  deadlineMs?: number;
}

/** One camera's description, or why it is missing when the whole took longer than `ms`. */
function withinDeadline(address: string, describing: Promise<FoundCamera>, ms: number | undefined): Promise<FoundCamera> {
  if (ms === undefined) return describing;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<FoundCamera>((resolve) => {
    timer = setTimeout(() => resolve({ address, ok: false, why: `The camera did not describe itself within ${ms / 1000} s.` }), ms);
  });
  return Promise.race([describing, late]).finally(() => clearTimeout(timer));
}

/** Finds and asks the cameras; resolves within the discovery window plus one device deadline. */
export async function findOnvifCameras(request: OnvifFindRequest, options: FindOptions = {}): Promise<FoundCamera[]> {
  const found = await discoverOnvif({ ...options, probes: [...(options.probes ?? []), ...request.probes] });
  return Promise.all(found.map((d) => withinDeadline(d.xaddr, describeCamera(d.xaddr, request, options.timeoutMs ?? 5000), options.deadlineMs)));
}
