/** What npm install needs on the camera PC: nothing that can fail it for want of a download from outside the registry. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

describe('package.json for the capture client', () => {
  it('keeps node-webcam optional, so a failed CommandCam.exe download does not fail npm install', () => {
    // npm removes an optional dependency whose install script fails and exits 0 (checked with npm 11 and a package
    // whose postinstall exits 1: optional, exit 0 and the package left out; required, exit 1).
    expect(pkg.optionalDependencies).toHaveProperty('node-webcam');
    expect(pkg.dependencies).not.toHaveProperty('node-webcam');
  });

  it("does not let node-webcam's install script run where scripts need allowing (it only fetches CommandCam.exe, unused now)", () => {
    expect(pkg.allowScripts?.['node-webcam']).toBe(false);
  });
});
