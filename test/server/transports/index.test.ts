import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSPORTS } from '../../../shared/protocol.js';
import { tableProblem, transports, transportSettings } from '../../../server/transports/index.js';
import type { TransportModule } from '../../../server/transports/transport.js';

const folders = readdirSync(new URL('../../../server/transports/', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const module = (name: string, needs?: string[]) => ({ name, needs, attach: () => ({ close() {} }) }) as unknown as TransportModule;

describe('transports', () => {
  it('has one line per transport folder, named after it', () => {
    expect(transports.map((t) => t.name).sort()).toEqual([...folders].sort());
  });

  it('names each module with a name from TRANSPORTS, except the frame-fetch helper egress', () => {
    for (const t of transports) if (t.name !== 'frame-fetch') expect(TRANSPORTS).toContain(t.name);
  });

  it('hands the config every settings section of its modules, and no other', () => {
    expect([...transportSettings]).toEqual(transports.flatMap((t) => (t.settings ? [t.settings] : [])));
  });

  it('is a table the server accepts', () => {
    expect(tableProblem(transports)).toBeNull();
  });

  it('is described in docs/architecture.md, every module folder by name', () => {
    const doc = readFileSync(new URL('../../../docs/architecture.md', import.meta.url), 'utf8');
    for (const name of folders) expect(doc).toContain(`${name}/`);
  });
});

describe('tableProblem', () => {
  it('refuses a module whose need is missing', () => {
    expect(tableProblem([module('webrtc', ['socketio'])])).toBe('The transport "webrtc" needs "socketio" before it in the table.');
  });

  it('refuses a module whose need comes after it', () => {
    expect(tableProblem([module('webrtc', ['socketio']), module('socketio')])).toMatch(/needs "socketio" before it/);
  });

  it('refuses a name given twice', () => {
    expect(tableProblem([module('http'), module('http')])).toBe('The transport "http" is in the table twice.');
  });
});
