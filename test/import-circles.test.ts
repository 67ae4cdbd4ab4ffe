/**
 * No two source files import each other, directly or round a loop (type-only imports count: they tie the
 * files as much for a reader). shared/protocol.ts and shared/units.ts did, and capture-client/cli.ts and cli-sources.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles } from './helpers/import-circles.js';

const root = path.resolve(import.meta.dirname, '..');

describe('the source tree', () => {
  it('has no import circle in shared/, common/, capture-client/, server/, dashboard/, tools/ or bench/', () => {
    expect(importCircles(root, ['shared', 'common', 'capture-client', 'server', 'dashboard', 'tools', 'bench'])).toEqual([]);
  });
});
