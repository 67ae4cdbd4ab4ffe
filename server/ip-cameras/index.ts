/**
 * `ip-cameras`: IP cameras an admin adds in the Admin area, taken in by the relay itself (#29), so
 * a user whose cameras share the relay's LAN needs no other PC. Each runs as a capture process on
 * the relay's machine, publishing to the relay over loopback like any capture client.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Attached, Module } from '../modules/module.js';
import { IpCameraStore } from './ip-camera-store.js';
import { IpCameras } from './ip-cameras.js';
import { discoverRoute } from './discover-route.js';
import { OnvifDiscovery } from './onvif-discovery.js';
import { relayAddress } from './relay-address.js';
import { ipCameraRoutes } from './routes.js';
import { cameraTestRoute } from './test-route.js';

declare module '../modules/module.js' {
  interface Provided {
    'ip-cameras': Attached & { cameras: IpCameras };
  }
}

export const ipCameras: Module<'ip-cameras'> = {
  name: 'ip-cameras',
  attach(ctx) {
    const store = new IpCameraStore(ctx.config.dataDir, { onSkipped: (i, why) => ctx.log.warn({ index: i, why }, 'ip camera skipped') });
    const tls = Boolean(ctx.httpAuth.tls);
    const cameras = new IpCameras({
      store,
      token: ctx.captureToken,
      env: tls && ctx.config.tlsCert ? { NODE_EXTRA_CA_CERTS: ctx.config.tlsCert } : {},
      onLine: (camera, line) => ctx.log.debug({ camera, line }, 'ip camera'),
      onError: (camera, err) => ctx.log.error({ camera, err }, 'ip camera change failed'),
    });
    ipCameraRoutes(ctx.app, cameras, ctx.requireUser, ctx.httpAuth);
    discoverRoute(ctx.app, new OnvifDiscovery(), ctx.requireUser, ctx.httpAuth, ctx.log);
    cameraTestRoute(ctx.app, ctx.requireUser, ctx.httpAuth);
    ctx.http.once('listening', () => {
      const { port } = ctx.http.address() as AddressInfo;
      const certificate = tls && ctx.config.tlsCert ? readFileSync(ctx.config.tlsCert) : undefined;
      const { url, why } = relayAddress({ host: ctx.config.host, port, certificate });
      if (why) ctx.log.warn({ url }, `IP cameras reach the relay at ${url}, which may fail: ${why}`);
      cameras.start(url);
    });
    return { cameras, close: () => cameras.close() };
  },
};
