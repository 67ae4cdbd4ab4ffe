/** Summaries of a V8 .cpuprofile, idle excluded: top functions by self time, and busy time by layer. */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function load(file: string): Promise<{ profile: Profile; self: Map<number, number> }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return { profile, self };
}

const share = (t: number, busy: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}% of busy`;

export async function topFrames(file: string, n = 20): Promise<string[]> {
  const { profile, self } = await load(file);
  const byFrame = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += t;
    const file = node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|bench)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${node.callFrame.lineNumber + 1}` : ''}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + t);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${share(t, busy)}  ${k}`);
}

/** The layer a frame belongs to, or null to ask its caller (native code and Node internals have no layer of their own). */
function layerOf(frame: ProfileNode['callFrame']): string | null {
  const { functionName: fn, url } = frame;
  if (fn === '(garbage collector)') return 'garbage collector';
  if (fn === '(program)') return '(program)';
  if (url.startsWith('node:inspector')) return 'the profiler starting';
  if (url.startsWith('node:dgram')) return 'UDP send (node:dgram)';
  if (/^create(De)?cipheriv$/.test(fn) || url.startsWith('node:internal/crypto')) return 'AES-GCM per DTLS record (node:crypto)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/(server|shared|bench|capture-client|dashboard)\//.exec(url)?.[1];
  return own ? `camrelay ${own}/` : null;
}

/** Busy time by layer: each sample goes to the layer of its nearest frame that has one. */
export async function byLayer(file: string): Promise<string[]> {
  const { profile, self } = await load(file);
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const layers = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t || node.callFrame.functionName === '(idle)') continue;
    busy += t;
    let layer: string | null = null;
    for (let n: ProfileNode | undefined = node; n && layer === null; n = parent.get(n.id)) layer = layerOf(n.callFrame);
    layers.set(layer ?? 'node internals', (layers.get(layer ?? 'node internals') ?? 0) + t);
  }
  return [...layers.entries()].sort((a, b) => b[1] - a[1]).map(([k, t]) => `${share(t, busy)}  ${k}`);
}
