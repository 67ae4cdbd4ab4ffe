/** The receiver table: one line per way frames come, each named as a server transport and shown in the header. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Header } from '../../../dashboard/src/header.js';
import { receivers } from '../../../dashboard/src/receivers/index.js';
import { LINKS, TRANSPORTS, type Link } from '../../../shared/protocol.js';

/** Just enough of an element for the header: text, attributes, `hidden`; every lookup answers. */
class FakeElement {
  textContent = '';
  hidden = false;
  title = '';
  readonly dataset: Record<string, string> = {};
  private readonly attributes = new Map<string, string>();
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  closest(): FakeElement | null {
    return null;
  }
}

/** A header over fake elements, showing `link` as what brings the frames. */
function headerShowing(link: Link | null) {
  const elements = new Map<string, FakeElement>();
  const root = {
    querySelector: (selector: string) => elements.get(selector) ?? elements.set(selector, new FakeElement()).get(selector),
  };
  const header = new Header(root as unknown as ParentNode, () => link);
  header.setSignedIn(true);
  header.setConnection({ status: 'connected', transport: 'polling' });
  return { header, transport: elements.get('[data-testid="connection-transport"]')! };
}

describe('receivers', () => {
  it('names every receiver after a transport of the shared protocol, once', () => {
    for (const { name } of receivers) expect(TRANSPORTS).toContain(name);
    expect(new Set(receivers.map((r) => r.name)).size).toBe(receivers.length);
  });

  it('finds each receiver in the folder of its name', () => {
    for (const { name } of receivers) expect(existsSync(new URL(`../../../dashboard/src/receivers/${name}/index.ts`, import.meta.url))).toBe(true);
  });

  it('starts with Socket.IO, which every page has, and puts the upgrade after it', () => {
    expect(receivers.map((r) => r.name)).toEqual(['socketio', 'webrtc']);
  });

  it('gives every receiver links of its own from the shared protocol', () => {
    const all = receivers.flatMap((r) => r.links);
    for (const link of all) expect(LINKS).toContain(link);
    expect(new Set(all).size).toBe(all.length);
  });

  it('names each probe after a link of its receiver', () => {
    for (const r of receivers) for (const probe of r.probes) expect(r.links).toContain(probe.name);
  });

  it('shows in the header each link of each receiver while it brings the frames', () => {
    for (const r of receivers) {
      for (const link of r.links) expect(headerShowing(link).transport.textContent).toBe(link);
    }
  });

  it('shows a dash in the header while nothing brings frames', () => {
    expect(headerShowing(null).transport.textContent).toBe('—');
  });

  it('keys each Diagnostics row of a receiver once', () => {
    for (const r of receivers) {
      const keys = r.section?.rows.map((row) => row.key) ?? [];
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
