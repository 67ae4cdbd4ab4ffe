import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnvifCamera } from '../../../common/onvif/onvif-camera.js';
import { PTZ_QUEUE_MAX, PtzExecutor } from '../../../capture-client/onvif/ptz-executor.js';
import { startOnvifDevice, type OnvifDevice, type OnvifDeviceOptions } from '../../helpers/onvif-device.js';
import { waitFor } from '../../helpers/wait.js';

const PASSWORD = 'Pa55-word';

describe('PtzExecutor', () => {
  let device: OnvifDevice;
  const start = async (options: OnvifDeviceOptions = {}, moveMaxMs?: number) => {
    device = await startOnvifDevice({ ptz: true, presets: [{ token: 'preset-7', name: 'Gate' }], ...options });
    const camera = await OnvifCamera.connect({ address: device.address, user: 'admin', password: PASSWORD });
    const said: string[] = [];
    const executor = new PtzExecutor(camera, await camera.ptzCaps(), { ...(moveMaxMs ? { moveMaxMs } : {}), say: (m) => said.push(m) });
    return { executor, said };
  };
  let close: (() => void) | null = null;
  beforeEach(() => {
    close = null;
  });
  afterEach(async () => {
    close?.();
    await device?.close();
  });

  it('sends ContinuousMove with the pan, tilt and zoom speeds, then Stop', async () => {
    const { executor } = await start();
    close = () => executor.close();
    expect(await executor.run({ op: 'move', pan: 0.5, tilt: -0.25, zoom: 0.75 })).toEqual({ ok: true });
    expect(await executor.run({ op: 'stop' })).toEqual({ ok: true });
    const move = device.bodies('ContinuousMove');
    expect(move).toHaveLength(1);
    expect(move[0]).toMatch(/<PanTilt x="0.5" y="-0.25"/);
    expect(move[0]).toMatch(/<Zoom x="0.75"/);
    expect(move[0]).toContain('<ProfileToken>main</ProfileToken>');
    expect(device.bodies('Stop')).toHaveLength(1);
    expect(device.requests.map((r) => r.action).slice(-2)).toEqual(['ContinuousMove', 'Stop']);
  });

  it('carries commands out one after another: a stop sent during a slow move reaches the camera after it', async () => {
    const { executor } = await start({ delays: { ContinuousMove: 300 } });
    const [moved, stopped] = await Promise.all([executor.run({ op: 'move', pan: 1, tilt: 0, zoom: 0 }), executor.run({ op: 'stop' })]);
    expect([moved, stopped]).toEqual([{ ok: true }, { ok: true }]);
    expect(device.log.filter((e) => /ContinuousMove|Stop/.test(e))).toEqual(['req:ContinuousMove', 'res:ContinuousMove', 'req:Stop', 'res:Stop']);
  });

  it('refuses commands beyond the queue while the camera is slow, rather than piling them up', async () => {
    const { executor } = await start({ delays: { Stop: 200 } });
    const replies = await Promise.all(Array.from({ length: PTZ_QUEUE_MAX + 2 }, () => executor.run({ op: 'stop' })));
    expect(replies.filter((r) => r.ok)).toHaveLength(PTZ_QUEUE_MAX);
    expect(replies.slice(PTZ_QUEUE_MAX)).toEqual(Array(2).fill(expect.objectContaining({ ok: false, error: 'PTZ_FAILED' })));
    expect(device.bodies('Stop')).toHaveLength(PTZ_QUEUE_MAX);
  });

  it('sends GotoPreset with the preset token', async () => {
    const { executor } = await start();
    expect(await executor.run({ op: 'preset', preset: 'preset-7' })).toEqual({ ok: true });
    expect(device.bodies('GotoPreset')[0]).toContain('<PresetToken>preset-7</PresetToken>');
  });

  it('takes presets numbered as most cameras number them ("1"), which the XML parser reads as numbers', async () => {
    const { executor } = await start({ presets: [{ token: '1', name: 'Door' }] });
    expect(await executor.run({ op: 'preset', preset: '1' })).toEqual({ ok: true });
    expect(device.bodies('GotoPreset')[0]).toContain('<PresetToken>1</PresetToken>');
  });

  it('refuses a preset the camera did not list, without asking the camera', async () => {
    const { executor } = await start();
    const reply = await executor.run({ op: 'preset', preset: '</PresetToken><x>' });
    expect(reply).toMatchObject({ ok: false, error: 'BAD_PTZ' });
    expect(device.bodies('GotoPreset')).toHaveLength(0);
  });

  it('checks the command again: a speed out of range is BAD_PTZ and never reaches the camera', async () => {
    const { executor } = await start();
    expect(await executor.run({ op: 'move', pan: 3, tilt: 0, zoom: 0 })).toMatchObject({ ok: false, error: 'BAD_PTZ' });
    expect(device.bodies('ContinuousMove')).toHaveLength(0);
  });

  it('stops the camera by itself when no stop comes within the limit', async () => {
    const { executor, said } = await start({}, 200);
    close = () => executor.close();
    await executor.run({ op: 'move', pan: 1, tilt: 0, zoom: 0 });
    expect(device.bodies('Stop')).toHaveLength(0);
    await waitFor(() => device.bodies('Stop').length === 1, 'the automatic Stop');
    await waitFor(() => said.some((m) => m.includes('no stop came')), 'the line saying so');
  });

  it("answers PTZ_FAILED with the camera's own words, the password masked", async () => {
    const { executor } = await start({ faults: { ContinuousMove: `PTZ is locked by user admin:${PASSWORD}` } });
    const reply = await executor.run({ op: 'move', pan: 0.1, tilt: 0, zoom: 0 });
    expect(reply).toMatchObject({ ok: false, error: 'PTZ_FAILED' });
    const message = (reply as { message: string }).message;
    expect(message).toContain('PTZ is locked by user admin:***');
    expect(message).not.toContain(PASSWORD);
  });
});
