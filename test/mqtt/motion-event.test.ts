/**
 * A motion event from a real capture client's pictures (a still scene, then a square walking past,
 * as test/e2e/record-motion.test.ts makes one) reaches the broker: the start and the end as JSON
 * with absolute links, the event's snapshot as JPEG, and the motion sensor's state.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../server/mqtt/event-message.js';
import { CAMERA_DEFAULTS, MOTION_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/wait.js';
import { SCENE_H, SCENE_W, sceneJpeg } from '../server/recording/motion/scene.js';
import { mqttScene } from './mqtt-scene.js';

describe.runIf(mosquittoAvailable())('a motion event over MQTT', () => {
  const scene = mqttScene();

  it('publishes its start with the snapshot, the motion sensor on, then its end and the sensor off', async () => {
    const recording = {
      ...RECORDING_DEFAULTS,
      defaults: { ...CAMERA_DEFAULTS, mode: 'motion' as const, format: 'jpeg' as const, motion: { ...MOTION_DEFAULTS, fps: 5 } },
    };
    const { listener: l, server } = await scene.start(['camrelay/#'], { recording });
    const still = await Promise.all([0, 1, 2, 3].map((seed) => sceneJpeg({ noise: 6, seed })));
    const walking = await Promise.all(Array.from({ length: 12 }, (_, i) => sceneJpeg({ noise: 6, seed: i % 4, square: { x: 40 + i * 45, y: 150 } })));
    const frames = [...still];
    await scene.camera(server.url, server.captureToken, 'porch', { fps: 10, frames });
    await l.next('camrelay/porch/motion', (m) => m.text === 'OFF');
    // The detector's background is the still scene before anyone walks in.
    await waitFor(() => (server.recording.status('porch').motion?.detections ?? 0) >= 4, 'the still scene learnt');

    const walkedAt = Date.now();
    frames.splice(0, frames.length, ...walking);
    const startMessage = await l.next('camrelay/porch/event');
    const start = JSON.parse(startMessage.text) as EventMessage;
    expect(start).toMatchObject({ type: 'start', camera: 'porch', end: null });
    expect(Math.abs(start.start - walkedAt)).toBeLessThanOrEqual(2000);
    expect(start.eventId).toBe(String(start.start));
    // Without recording.publicUrl the links are absolute with the relay's own address (here 127.0.0.1, where it listens).
    expect(start.eventUrl).toBe(`${server.url}/#/camera/porch/at/${start.start}`);
    expect(start.snapshotUrl).toBe(`${server.url}/api/cameras/porch/events/${start.eventId}/snapshot.jpg`);
    expect(start.peakScore).toBeGreaterThan(0);
    const at = l.heard.indexOf(startMessage);
    const snapshot = await l.next('camrelay/porch/event/snapshot', () => true, at);
    expect(await sharp(snapshot.payload).metadata()).toMatchObject({ format: 'jpeg', width: SCENE_W, height: SCENE_H });
    await l.next('camrelay/porch/motion', (m) => m.text === 'ON', at);
    // The link opens the event's picture (for an account that may see the camera).
    const served = await fetch(start.snapshotUrl!, { headers: server.adminAuth });
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/jpeg']);

    // The walker leaves: the event ends once the scene has been still for 3 s.
    frames.splice(0, frames.length, ...still);
    const end = JSON.parse((await l.next('camrelay/porch/event', (m) => m.text.includes('"type":"end"'), at)).text) as EventMessage;
    expect(end).toMatchObject({ type: 'end', eventId: start.eventId, camera: 'porch' });
    expect(end.end).toBeGreaterThan(end.start);
    await l.next('camrelay/porch/motion', (m) => m.text === 'OFF', at);
  }, 60_000);
});
