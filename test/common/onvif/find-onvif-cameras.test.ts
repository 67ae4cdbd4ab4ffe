import { afterEach, describe, expect, it } from 'vitest';
import { findOnvifCameras, pasteableUri } from '../../../common/onvif/find-onvif-cameras.js';
import { startOnvifDevice, type OnvifDevice } from '../../helpers/onvif-device.js';

const PASSWORD = 'Pa55-word';

describe('findOnvifCameras', () => {
  const devices: OnvifDevice[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  it('describes each camera probed: maker, model, PTZ and its profiles with masked stream URIs', async () => {
    const device = await startOnvifDevice({ manufacturer: 'Dahua', model: 'IPC-HDW', ptz: true });
    devices.push(device);
    const cameras = await findOnvifCameras(
      { probes: [{ host: '127.0.0.1', port: device.discoveryPort }], user: 'admin', password: PASSWORD },
      { multicast: false, windowMs: 500 },
    );
    expect(cameras).toEqual([
      {
        address: `${device.address}/onvif/device_service`,
        ok: true,
        maker: 'Dahua',
        model: 'IPC-HDW',
        ptz: true,
        profiles: [
          expect.objectContaining({ name: 'MainStream', codec: 'H264', width: 1280, height: 720, uri: 'rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/main' }),
          expect.objectContaining({ name: 'SubStream', codec: 'H264', width: 640, height: 360, uri: 'rtsp://admin:YOUR-PASSWORD@127.0.0.1:554/sub' }),
        ],
      },
    ]);
    expect(JSON.stringify(cameras)).not.toContain(PASSWORD);
  });

  it('lists a camera as not answering when all its calls take longer than its deadline, each call in time', async () => {
    const slow = await startOnvifDevice({ delays: { GetStreamUri: 2000 } });
    devices.push(slow);
    const cameras = await findOnvifCameras(
      { probes: [{ host: '127.0.0.1', port: slow.discoveryPort }] },
      { multicast: false, windowMs: 300, deadlineMs: 1000 },
    );
    expect(cameras).toEqual([{ address: `${slow.address}/onvif/device_service`, ok: false, why: 'The camera did not describe itself within 1 s.' }]);
  });
});

describe('pasteableUri', () => {
  it('puts the user name in and the password placeholder, and replaces a password the camera gave', () => {
    expect(pasteableUri('rtsp://10.0.0.5:554/s1', 'admin')).toBe('rtsp://admin:YOUR-PASSWORD@10.0.0.5:554/s1');
    expect(pasteableUri('rtsp://u:real@10.0.0.5/s1', undefined)).toBe('rtsp://u:YOUR-PASSWORD@10.0.0.5/s1');
    expect(pasteableUri('rtsp://10.0.0.5/s1', undefined)).toBe('rtsp://10.0.0.5/s1');
  });
});
