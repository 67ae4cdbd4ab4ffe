/** Socket.IO: `/capture` for capture clients, `/monitor` for dashboards, on one engine. */
import type { TransportModule } from '../context.js';
import { attachCapture } from './capture.js';
import { attachMonitor } from './monitor.js';

export const socketio: TransportModule = {
  name: 'socketio',
  attach(ctx) {
    attachCapture(ctx);
    attachMonitor(ctx);
  },
};
