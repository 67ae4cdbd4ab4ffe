/**
 * "Find cameras on this network" in Admin → IP cameras (#29): the relay runs ONVIF discovery and the profile
 * query; the admin picks a camera and "Use this" fills the add form. The password typed here is sent for the
 * query only and goes into the form's password field, never into an address shown.
 */
import { button, field, textInput, whileBusy, type AdminViewDeps } from './admin-markup.js';
import type { DiscoveredCamera, DiscoveredProfile } from '../../../common/onvif/discovery-request.js';
import { el } from '../dom.js';

/** What "Use this" puts in the add form. */
export interface DiscoveryFill {
  name: string;
  url: string;
  recordUrl: string | null;
  user: string;
  password: string;
  ptz: boolean;
}

const NOTHING_FOUND =
  "No camera answered. Check that the cameras are on the relay's network (the same subnet), and that their ONVIF service is on. Multicast may be blocked by the network or by Docker: give each camera's IP address under Probe addresses.";

/** The well-formed cameras of the relay's answer; anything else is skipped. */
export function parseDiscovered(value: unknown): DiscoveredCamera[] {
  const list = (value as { cameras?: unknown } | null)?.cameras;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is DiscoveredCamera =>
      typeof c === 'object' && c !== null && typeof c.address === 'string' && (c.ok === false ? typeof c.why === 'string' : Array.isArray(c.profiles)),
  );
}

/** A stream URI without its user name and password: those go in the form's own fields. */
export function bareUri(uri: string): string {
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return uri;
  }
}

/** Live from the smallest profile, recorded by copy from the largest H.264 one (none when they are the same). */
export function pickStreams(profiles: readonly DiscoveredProfile[]): { url: string; recordUrl: string | null } | null {
  const area = (p: DiscoveredProfile) => (p.width ?? 0) * (p.height ?? 0);
  const withUri = profiles.filter((p): p is DiscoveredProfile & { uri: string } => typeof p.uri === 'string');
  if (withUri.length === 0) return null;
  const bySize = [...withUri].sort((a, b) => area(a) - area(b));
  const h264 = bySize.filter((p) => /^h\.?264$/i.test(p.codec));
  const live = bySize[0]!;
  const main = h264.at(-1);
  return { url: bareUri(live.uri), recordUrl: main && main !== live ? bareUri(main.uri) : null };
}

export function profileLine(p: DiscoveredProfile): string {
  const size = p.width && p.height ? `${p.width}×${p.height}` : 'size unknown';
  return `${p.name}: ${p.codec} ${size}`;
}

export class OnvifDiscoveryView {
  readonly root: HTMLElement;
  private readonly user = textInput('onvif-user', { maxlength: '256', placeholder: 'admin' });
  private readonly password = textInput('onvif-password', { maxlength: '256', type: 'password' });
  private readonly probes = textInput('onvif-probes', { maxlength: '400', placeholder: '192.168.1.20, 192.168.1.21' });
  private readonly find = button('diag-button', 'onvif-find', 'Find cameras on this network');
  private readonly result = el('div', 'onvif-found', 'onvif-found');

  constructor(
    private readonly deps: AdminViewDeps,
    private readonly onUse: (fill: DiscoveryFill) => void,
  ) {
    const form = el('div', 'admin-form onvif-form');
    form.append(field('Camera user', this.user), field('Camera password', this.password), field('Probe addresses', this.probes), this.find);
    this.find.addEventListener('click', () => {
      this.find.textContent = 'Looking…';
      void whileBusy(this.find, () => this.discover()).finally(() => (this.find.textContent = 'Find cameras on this network'));
    });
    this.root = el('div', 'onvif-discovery');
    this.root.append(form, this.result);
  }

  private async discover(): Promise<void> {
    this.deps.report(null);
    this.result.replaceChildren();
    const probes = this.probes.value
      .split(/[\s,]+/)
      .filter(Boolean)
      .slice(0, 16);
    const user = this.user.value.trim();
    const body = { probes, ...(user ? { user, password: this.password.value } : {}) };
    const answer = await this.deps.api.post<unknown>('/api/admin/onvif/discover', body);
    if (!answer.ok) {
      this.result.append(el('p', 'diag-note onvif-error', 'onvif-error', answer.body.message));
      return;
    }
    const cameras = parseDiscovered(answer.body);
    if (cameras.length === 0) return void this.result.append(el('p', 'diag-note', 'onvif-nothing', NOTHING_FOUND));
    const list = el('ul', 'onvif-list', 'onvif-list');
    list.append(...cameras.map((c) => this.item(c, user, this.password.value)));
    this.result.append(list);
  }

  private item(c: DiscoveredCamera, user: string, password: string): HTMLLIElement {
    const li = el('li', 'onvif-camera', 'onvif-camera');
    const host = hostOf(c.address);
    if (!c.ok) {
      li.append(el('span', 'admin-strong', undefined, host), el('span', 'onvif-why', undefined, `not answering: ${c.why}`));
      return li;
    }
    const title = `${c.maker} ${c.model}`;
    li.append(el('span', 'admin-strong', 'onvif-title', title), el('span', 'onvif-why', undefined, `${host}${c.ptz ? ' · PTZ' : ''}`));
    const profiles = el('ul', 'onvif-profiles');
    profiles.append(...c.profiles.map((p) => el('li', undefined, 'onvif-profile', profileLine(p))));
    li.append(profiles);
    const streams = pickStreams(c.profiles);
    if (streams) {
      const use = button('diag-button', 'onvif-use', 'Use this');
      use.addEventListener('click', () => this.onUse({ name: title, ...streams, user, password, ptz: c.ptz }));
      li.append(use);
    }
    return li;
  }
}

function hostOf(address: string): string {
  try {
    return new URL(address).host;
  } catch {
    return address;
  }
}
