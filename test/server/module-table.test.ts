import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../../shared/protocol.js';
import { modules, moduleSettings, tableProblem, tableWithout } from '../../server/module-table.js';
import type { TableLine } from '../../server/modules/module.js';

const transportFolders = readdirSync(new URL('../../server/transports/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const module = (name: string, needs?: string[]) => ({ name, needs, attach: () => ({ close() {} }) }) as unknown as TableLine;

describe('modules', () => {
  it('has one line per transport folder, named after it', () => {
    const names = modules.map((m) => m.name);
    for (const folder of transportFolders) expect(names).toContain(folder);
  });

  it('names every other module after its own folder in server/, each with an index.ts', () => {
    for (const { name } of modules.filter((m) => !transportFolders.includes(m.name))) {
      expect(existsSync(new URL(`../../server/${name}/index.ts`, import.meta.url)), name).toBe(true);
    }
  });

  it('names each transport with a name from TRANSPORTS, except the frame-fetch helper egress', () => {
    for (const name of transportFolders) if (name !== 'frame-fetch') expect(TRANSPORTS).toContain(name);
  });

  it('lists the log ring, the origin check, health, accounts, the camera list, metrics, the capture server and signaling, then the REST api, the transports, cluster, IP cameras (closed after recording), recording, events, object detection, licence plates, the review page, streams for other programs, camera admin, downloads, MQTT, off-site copies, notifications, Web Push, the first-run status, the System section, and last the dashboard', () => {
    expect(modules.map((m) => m.name)).toEqual([
      'log-ring',
      'origin-check',
      'health',
      'auth',
      'camera-keeper',
      'metrics',
      'capture-server',
      'signaling',
      'api',
      'frame-fetch',
      'socketio',
      'http',
      'mjpeg',
      'webrtc',
      'cluster',
      'ip-cameras',
      'recording',
      'events',
      'detection',
      'plates',
      'faces',
      'review',
      'streams',
      'camera-admin',
      'downloads',
      'mqtt',
      'offsite',
      'notifications',
      'push',
      'setup',
      'system',
      'dashboard',
    ]);
  });

  it('hands the config every settings section of its modules, in table order, and no other', () => {
    expect([...moduleSettings]).toEqual(modules.flatMap((m) => (m.settings ? [m.settings] : [])));
  });

  it('holds every part of the server: accounts, the camera list, metrics, health, the origin check, the capture server, the dashboard, the log ring and signaling', () => {
    const parts = ['auth', 'camera-keeper', 'metrics', 'health', 'origin-check', 'capture-server', 'dashboard', 'log-ring', 'signaling'];
    expect(modules.map((m) => m.name)).toEqual(expect.arrayContaining(parts));
  });

  it('is what start-server.ts runs: it builds the core and imports no module folder but for its types', () => {
    const source = readFileSync(new URL('../../server/start-server.ts', import.meta.url), 'utf8');
    const folders = new Set(modules.map((m) => (transportFolders.includes(m.name) ? 'transports' : (m.name as string))));
    const built = [...source.matchAll(/^import (?!type )[^;]*? from '\.\/([^/']+)\//gm)].map((m) => m[1]);
    expect(built.filter((folder) => folders.has(folder!))).toEqual([]);
  });

  it('is a table the server accepts', () => {
    expect(tableProblem(modules)).toBeNull();
  });

  it('is described in docs/architecture.md, every module folder by name', () => {
    const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    for (const name of [...transportFolders, ...modules.map((m) => m.name)]) expect(doc).toContain(`${name}/`);
  });

  it('is listed in docs/architecture.md in its order, as the table is', () => {
    const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
    const listed = doc.split('\n').find((line) => line.startsWith('log-ring  '));
    expect(listed?.split(/\s+/)).toEqual(modules.map((m) => m.name));
  });
});

describe('tableProblem', () => {
  it('refuses a module whose need is missing', () => {
    expect(tableProblem([module('webrtc', ['socketio'])])).toBe('The module "webrtc" needs "socketio" before it in the table.');
  });

  it('refuses a module whose need comes after it', () => {
    expect(tableProblem([module('webrtc', ['socketio']), module('socketio')])).toMatch(/needs "socketio" before it/);
  });

  it('refuses a name given twice', () => {
    expect(tableProblem([module('http'), module('http')])).toBe('The module "http" is in the table twice.');
  });
});

describe('tableWithout', () => {
  const table = [module('recording'), module('events'), module('detection', ['recording', 'events']), module('push', ['events'])];

  it('leaves out the modules named, keeping the order of the others', () => {
    expect(tableWithout(table, ['recording', 'detection'])).toEqual({ table: [table[1], table[3]], problem: null });
  });

  it('refuses a name no line has, listing the names there are', () => {
    expect(tableWithout(table, ['recordings']).problem).toBe(
      'CAMRELAY_MODULES_OFF names "recordings", which is not a module: use some of recording, events, detection, push.',
    );
  });

  it('refuses to switch off a line every relay runs', () => {
    expect(tableWithout(modules, ['auth']).problem).toBe(
      'CAMRELAY_MODULES_OFF names "auth", which every relay runs: the other modules reach it through their context.',
    );
  });

  it('refuses to leave a module without one it needs, naming both', () => {
    expect(tableWithout(table, ['recording']).problem).toBe(
      'CAMRELAY_MODULES_OFF switches "recording" off, which "detection" needs: switch "detection" off too.',
    );
  });

  it('lets the server run without recording, detection and off-site copies, and nothing else needs them', () => {
    expect(tableWithout(modules, ['recording', 'detection', 'offsite']).problem).toBeNull();
  });
});
