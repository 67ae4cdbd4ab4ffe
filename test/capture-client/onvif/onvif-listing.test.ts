import { afterEach, describe, expect, it } from 'vitest';
import { findOnvifCameras as listOnvifCameras } from '../../../common/onvif/find-onvif-cameras.js';
import { onvifListingLines } from '../../../capture-client/onvif/onvif-listing.js';
import { startOnvifDevice, type OnvifDevice } from '../../helpers/onvif-device.js';

const PASSWORD = 'Pa55-word';

describe('onvifListingLines', () => {
  const devices: OnvifDevice[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });
  const probe = (d: OnvifDevice) => ({ host: '127.0.0.1', port: d.discoveryPort });

  it('prints what each camera said: maker, model, profiles with codec, size and a stream URL with the password masked', async () => {
    const device = await startOnvifDevice({ manufacturer: 'Hikvision', model: 'DS-2DE2A404IW', ptz: true });
    devices.push(device);
    const cameras = await listOnvifCameras({ probes: [probe(device)], user: 'admin', password: PASSWORD }, { multicast: false, windowMs: 500 });
    const text = onvifListingLines(cameras, true).join('\n');
    expect(text).toContain(`${device.address}/onvif/device_service: Hikvision DS-2DE2A404IW, PTZ: yes (--onvif ${device.address})`);
    expect(text).toContain('MainStream: H264 1280x720  rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/main');
    expect(text).toContain('SubStream: H264 640x360  rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/sub');
    expect(text).not.toContain(PASSWORD);
    // The credentials went to the camera (WS-Security), not onto the screen.
    expect(device.bodies('GetProfiles')[0]).toContain('<Username>admin</Username>');
  });

  it('lists a camera that stops answering as not answering, within its deadline', async () => {
    const silent = await startOnvifDevice({ silent: true });
    const fine = await startOnvifDevice({ ptz: false });
    devices.push(silent, fine);
    const cameras = await listOnvifCameras({ probes: [probe(silent), probe(fine)] }, { multicast: false, windowMs: 500, timeoutMs: 500 });
    const text = onvifListingLines(cameras, false).join('\n');
    expect(text).toContain(`${silent.address}/onvif/device_service: not answering (The camera did not answer connect within 0.5 s.)`);
    expect(text).toContain(`${fine.address}/onvif/device_service: Acme PT-100, PTZ: no`);
    expect(text).toContain('CAMRELAY_ONVIF_USER');
  });

  it('says how to probe directly when no camera answers', async () => {
    const text = onvifListingLines(await listOnvifCameras({ probes: [] }, { multicast: false, windowMs: 100 }), false).join('\n');
    expect(text).toContain('--onvif-probe');
  });
});
