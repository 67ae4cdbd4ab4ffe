import './style.css';
import './tile.css';
import './diagnostics.css';
import { io } from 'socket.io-client';
import { ServerClock } from './clock.js';
import { ConnectionLog } from './connection-log.js';
import { Connection, connectMonitor } from './connection.js';
import { Diagnostics } from './diagnostics.js';
import { byTestId } from './dom.js';
import { Grid } from './grid.js';
import { Header } from './header.js';
import { Visibility } from './visibility.js';

const TIME_SYNC_MS = 5000;
// Indicators and stall detection refresh on a timer, keeping DOM writes off the per-frame path.
const TICK_MS = 250;

const header = new Header();
const clock = new ServerClock({ onAnswer: (t) => header.setVersion(t.version) });
const grid = new Grid(
  { root: byTestId('camera-grid'), loading: byTestId('loading'), empty: byTestId('empty-state') },
  clock,
);
byTestId('capture-hint').textContent = `npm run capture -- --server ${location.origin} --camera <id> --token <token>`;

const socket = connectMonitor();
const log = new ConnectionLog();
const connection = new Connection(socket, (state) => header.setConnection(state), { log });
new Diagnostics(
  { toggle: byTestId('diagnostics-toggle'), panel: byTestId('diagnostics') },
  { connection, clock, log, cameras: () => grid.diagnostics(), io },
);

// A hidden tab asks the server to stop sending (it cannot show frames), and takes the newest on return.
const visibility = new Visibility();
grid.setHidden(visibility.hidden);
visibility.onChange((hidden) => {
  grid.setHidden(hidden);
  socket.emit('pause', { paused: hidden });
  log.add(hidden ? 'tab hidden: paused stream' : 'tab visible: resumed');
});

socket.on('connect', () => {
  if (visibility.hidden) socket.emit('pause', { paused: true });
  clock.reset();
  clock.measure(socket);
});
// The server says so before a deliberate stop (restart, upgrade); the page keeps retrying.
socket.on('server-shutdown', () => log.add('server shutting down: will reconnect when it is back'));
socket.on('cameras', (list) => {
  if (!Array.isArray(list)) return;
  grid.setCameras(list);
  header.setCameras(grid.size, grid.liveCount);
});
socket.on('frame', (meta, jpeg, ack) => {
  // The ack is the server's flow control (one frame in flight per camera): send it before any work.
  if (typeof ack === 'function') ack();
  if (typeof meta?.cameraId !== 'string') return;
  grid.frame(meta, jpeg);
});

setInterval(() => {
  if (socket.connected) clock.measure(socket);
}, TIME_SYNC_MS);
setInterval(() => {
  grid.tick();
  header.setCameras(grid.size, grid.liveCount);
}, TICK_MS);
