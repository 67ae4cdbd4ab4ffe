/**
 * `ip-cameras`: IP cameras an admin adds in the Admin area, taken in by the relay itself (#29), so
 * a user whose cameras share the relay's LAN needs no other PC. Each runs as a capture process on
 * the relay's machine, publishing to the relay over loopback like any capture client.
 */
import type { AddressInfo } from 'node:net';
import type { Attached, Module } from '../modules/module.js';
import { IpCameraStore } from './ip-camera-store.js';
import { IpCameras } from './ip-cameras.js';
import { discoverRoute } from './discover-route.js';
import { OnvifDiscovery } from './onvif-discovery.js';
import { ipCameraRoutes } from './routes.js';
import { cameraTestRoute } from './test-route.js';

declare module '../modules/module.js' {
  interface Provided {
    'ip-cameras': Attached & { cameras: IpCameras };
  }
}

/** How a child on this machine reaches the relay: loopback unless the relay listens on one address only. */
function relayAddress(host: string, port: number, tls: boolean): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  // A relay on its own TLS certificate is reached by the name the certificate most likely carries.
  const name = tls ? 'localhost' : wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${name}:${port}`;
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
      cameras.start(relayAddress(ctx.config.host, port, tls));
    });
    return { cameras, close: () => cameras.close() };
  },
};
