/**
 * The detection service's settings: checked, kept in the data folder for the next start, forgotten
 * with their camera, and a hand-edited file that no longer checks out does not stop the relay.
 * No frame is offered, so no detector worker starts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../../common/detect/detect-settings.js';
import { DetectionService } from '../../../server/detection/detection-service.js';

let dir: string;
const services: DetectionService[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-detection-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const service = () => {
  const s = new DetectionService({ dataDir: dir, motion: () => ({ detects: true, moving: false }), onObjects: () => true, onError: () => {} });
  services.push(s);
  return s;
};

describe('DetectionService settings', () => {
  it('keeps a change for the next start, and forgets it with its camera', async () => {
    const a = service();
    const changed = await a.change('door', { enabled: true, labels: ['person'] });
    expect(changed.ok && changed.value).toEqual({ ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    // Keys left out keep theirs.
    await a.change('door', { rate: 1 });
    expect(service().settings('door')).toEqual({ ...DETECT_DEFAULTS, enabled: true, labels: ['person'], rate: 1 });
    expect(service().answer('door').status).toMatchObject({ detector: 'off', where: 'relay', costPercent: 15, counts: { detected: 0, skipped: 0, failed: 0 } });
    await a.forget('door');
    expect(service().settings('door')).toEqual(DETECT_DEFAULTS);
  });

  it('refuses a bad change with the field at fault, and keeps the settings as they were', async () => {
    const a = service();
    const refused = await a.change('door', { rate: 50 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect([refused.error.code, refused.error.field]).toEqual(['BAD_DETECT_SETTINGS', 'rate']);
    expect(a.settings('door')).toEqual(DETECT_DEFAULTS);
  });

  it('skips a saved entry that no longer checks out, and keeps the rest', async () => {
    await service().change('door', { enabled: true });
    const file = path.join(dir, 'detection-cameras.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...saved, yard: { enabled: 'yes' } }));
    const b = service();
    expect(b.settings('door').enabled).toBe(true);
    expect(b.settings('yard')).toEqual(DETECT_DEFAULTS);
  });
});

describe('DetectionService#ended', () => {
  it('ends what the camera followed when its capture side leaves, and follows again when it is back', async () => {
    const s = new DetectionService({
      dataDir: dir,
      motion: () => ({ detects: true, moving: true }),
      onObjects: () => true,
      onError: () => {},
      cameraSide: { offers: () => true, ask: () => {} },
    });
    services.push(s);
    const heard: Array<Record<string, number>> = [];
    s.presence.onChange((camera, counts) => camera === 'door' && heard.push(counts));
    await s.change('door', { enabled: true, labels: ['person'] });
    const person = { label: 'person', score: 0.9, box: [100, 100, 60, 160] };
    const look = () => {
      s.offer('door', { jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), width: 640, height: 360, at: Date.now() });
      s.verdicts('door', { capturedAt: Date.now(), width: 640, height: 360 }, [person]);
    };
    // Two looks of three confirm an object (the tracker's default).
    look();
    look();
    expect(s.presence.of('door')).toEqual({ person: 1 });
    s.ended('door');
    expect(s.presence.of('door')).toEqual({ person: 0 });
    expect(heard.at(-1)).toEqual({ person: 0 });
    // No frame of the camera is kept for the next verdicts: they wait for its next frame.
    s.verdicts('door', { capturedAt: Date.now(), width: 640, height: 360 }, [person]);
    expect(s.presence.of('door')).toEqual({ person: 0 });
    look();
    look();
    expect(s.presence.of('door')).toEqual({ person: 1 });
  });
});
