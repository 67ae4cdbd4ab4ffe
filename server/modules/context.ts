/**
 * The context every module of the table is given: the core's parts as they are, and the parts that
 * are table lines every relay runs (accounts, the camera list, the origin check, signaling) read from
 * their offers when a module asks, so `ctx.requireUser` is the auth line's gate.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ModuleContext } from './module.js';

/** What the core builds before the table runs (start-server.ts). */
export type CoreParts<S extends object> = Omit<
  ModuleContext<S>,
  'cameras' | 'auth' | 'store' | 'requireUser' | 'requireCameraViewer' | 'captureToken' | 'httpAuth' | 'originAllowed' | 'signaling'
>;

export function moduleContext<S extends object>(core: CoreParts<S>): ModuleContext<S> {
  const { provided } = core;
  return {
    ...core,
    get cameras() {
      return provided.need('camera-keeper').keeper;
    },
    get auth() {
      return provided.need('auth').auth;
    },
    get store() {
      return provided.need('auth').store;
    },
    get requireUser() {
      return provided.need('auth').requireUser;
    },
    get requireCameraViewer() {
      return provided.need('auth').requireCameraViewer;
    },
    get captureToken() {
      return provided.need('auth').captureToken;
    },
    get httpAuth() {
      return provided.need('origin-check').httpAuth;
    },
    originAllowed: (headers: IncomingHttpHeaders) => provided.need('origin-check').allowed(headers),
    get signaling() {
      return provided.need('signaling').hub;
    },
  };
}
