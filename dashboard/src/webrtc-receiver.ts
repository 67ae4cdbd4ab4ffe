/**
 * Kept only for bench/lib/webrtc-viewer.ts, which still imports this path (outside the dashboard's
 * files): delete once its import reads `dashboard/src/receivers/webrtc/receiver.js`.
 */
export { WebrtcReceiver, type ReceiverOptions } from './receivers/webrtc/receiver.js';
