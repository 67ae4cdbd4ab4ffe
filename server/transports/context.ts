/** What a transport module gets to wire itself in: the core and the servers, nothing else. */
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Server as IoServer } from 'socket.io';
import type { Transport } from '../../shared/protocol.js';
import type { ServerConfig } from '../config.js';
import type { Relay } from '../relay/relay.js';

export interface TransportContext {
  app: Express;
  io: IoServer;
  relay: Relay;
  config: ServerConfig;
  log: Logger;
  version: string;
  /** True when `token` is a valid capture token for `cameraId`. */
  checkCaptureToken(token: unknown, cameraId: string): boolean;
}

export interface TransportModule {
  name: Transport;
  attach(ctx: TransportContext): void;
}
