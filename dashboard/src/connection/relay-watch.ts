/**
 * The page's socket, told to the page-level truth about the relay (relay-status.ts): reached, refused with a code,
 * lost; and what starts again on each connect (the relay's pause for a hidden page, the clock's measure).
 */
import type { ServerClock } from './clock.js';
import { AUTH_REFUSALS, refusalOf, type MonitorSocket } from './connection.js';
import type { ConnectionLog } from './connection-log.js';
import type { RelayPause } from './relay-pause.js';
import type { RelayStatus } from './relay-status.js';

export interface RelayWatch {
  relay: RelayStatus;
  relayPause: RelayPause;
  clock: ServerClock;
  log: ConnectionLog;
  pageHidden: () => boolean;
}

export function watchRelay(socket: MonitorSocket, { relay, relayPause, clock, log, pageHidden }: RelayWatch): void {
  socket.on('connect', () => {
    relay.reached();
    relay.refused(null);
    relayPause.connected(pageHidden());
    clock.reset();
    clock.measure(socket);
  });
  socket.on('connect_error', (err) => {
    const refusal = refusalOf(err);
    if (!refusal) relay.failed();
    // A refused sign-in is the login form's to show, not the banner's.
    else if (!AUTH_REFUSALS.has(refusal.code)) relay.refused(refusal);
  });
  socket.on('disconnect', (reason) => {
    // Our own disconnect (signing out), or the server ending a session that ended: not an outage.
    if (reason !== 'io client disconnect' && reason !== 'io server disconnect') relay.lost();
  });
  // The server says so before a deliberate stop (restart, upgrade); the page keeps retrying.
  socket.on('server-shutdown', () => log.add('server shutting down: will reconnect when it is back'));
}
