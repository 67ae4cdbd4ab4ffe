/**
 * The Live Monitor's wiring: builds each part once and connects their callbacks. Frames never pass
 * through here: receivers/ hands them to the grid (see receivers/receiver.ts).
 * The sign-in and account flow (session, sign-in form, Change password) is auth/account-flow.ts.
 */
// In this order: each file's rules come after the one before's, as they did in one file.
import './style.css';
import './top-bar.css';
import './page.css';
import './tiles/grid.css';
import './tiles/single-view.css';
import './tiles/tile.css';
import './tiles/tile-figures.css';
import './tiles/tile-sound.css';
import './diagnostics/diagnostics.css';
import './auth/auth.css';
import { io } from 'socket.io-client';
import { MONITOR_NAMESPACE } from '../../shared/protocol.js';
import { relayUrl, socketioTarget } from '../../common/relay-url.js';
import { Admin } from './admin/admin.js';
import { Api } from './api.js';
import { AccountFlow } from './auth/account-flow.js';
import { ServerClock } from './connection/clock.js';
import { ConnectionLog } from './connection/connection-log.js';
import { Connection, connectMonitor, pageBase, RETRY_MAX_MS } from './connection/connection.js';
import { RelayBanner } from './connection/relay-banner.js';
import { RelayStatus } from './connection/relay-status.js';
import { watchRelay } from './connection/relay-watch.js';
import { PageFreeze } from './connection/page-freeze.js';
import { RelayPause } from './connection/relay-pause.js';
import { Visibility } from './connection/visibility.js';
import { Diagnostics } from './diagnostics/diagnostics.js';
import { byTestId } from './dom.js';
import { Header } from './header.js';
import { Menu } from './menu.js';
import { RecordingAlert } from './recording-state/recording-alert.js';
import './recording-state/recording-alert.css';
import { Playback } from './playback/playback.js';
import { PagesOverGrid } from './pages-over-grid.js';
import { receivers as RECEIVERS } from './receivers/index.js';
import { ReceiverSet } from './receivers/receiver-set.js';
import { Announcer } from './tiles/announcer.js';
import { EmptyHint } from './tiles/empty-hint.js';
import { FirstRun } from './first-run/first-run.js';
import { Grid } from './tiles/grid.js';
import { GroupBar } from './tiles/group-bar.js';
import { GridLayout } from './tiles/layout.js';
import { LinksDialog } from './tiles/links-dialog.js';
import { liveTracks } from './tiles/live-tracks.js';
import { SingleView } from './tiles/single-view.js';
import { RungPins } from './tiles/rung-pins.js';
import { TileSight } from './tiles/tile-sight.js';
import { TileWidths } from './tiles/tile-widths.js';
import { ViewControls } from './tiles/view-controls.js';
import { WallView } from './wall/wall-view.js';
import { PtzPad } from './ptz/ptz-pad.js';
import { ptzSend } from './ptz/ptz-send.js';
import { TalkButton } from './talk/talk-button.js';
import { LiveCodecs, type CodecWord } from './live-video/live-codecs.js';
import { decoderKind } from './live-video/can-decode.js';
import './app/app.js';

const TIME_SYNC_MS = 5000;
// Indicators and stall detection refresh on a timer, keeping DOM writes off the per-frame path.
const TICK_MS = 250;

const receivers = new ReceiverSet(RECEIVERS);
const header = new Header(document, () => receivers.link);
const clock = new ServerClock({ onAnswer: (t) => header.setVersion(t.version) });
// The relay sends each camera's frames at about the width its tile shows (issue #17): ask again when a rung changes.
const tileWidths = new TileWidths({ onChange: () => connection.resubscribe() });
// A size the person pins for a camera replaces the tile's width, and the relay keeps it whatever the link.
const pins = new RungPins(() => connection.resubscribe());
// Tiles out of the window are sent nothing (issue #28): ask again as they come and go.
const sight = new TileSight({
  onChange: () => {
    grid.sightChanged();
    connection.resubscribe();
  },
});
// The detector's boxes on the tiles someone turned them on for (#39), and the sound of those someone listens to (#40).
const tracks = liveTracks({ tileOf: (id) => grid.tile(id), resubscribe: () => connection.resubscribe(), clock });
const grid = new Grid(
  { root: byTestId('camera-grid'), loading: byTestId('loading'), empty: byTestId('empty-state') },
  clock,
  {
    open: (id) => singleView.open(id),
    links: (id) => links.show(id, grid.tile(id)?.name ?? id),
    pinOf: (id) => pins.of(id),
    pin: (id, pin) => pins.set(id, pin),
    paused: () => connection.resubscribe(),
    fellBack: (id, reason, detail) => liveCodecs.fellBack(id, reason, detail),
    ...tracks.actions,
    codecWord: (id, shown, drawing): CodecWord =>
      liveCodecs.word(grid.tile(id)?.codecCandidate ?? { id, h264: false, h264Rungs: false, width: null }, shown, drawing),
  },
  () => {
    // A camera whose capture side starts or stops sending H.264, or whose width the relay now knows, changes what
    // this page asks for, or what the relay can give for the same ask.
    if (liveCodecs.camerasChanged(grid.codecCandidates)) connection.resubscribe(true);
    // A camera's detector started or stopped: its boxes are asked for, or no longer (the same ask is not sent again).
    else connection.resubscribe();
    groupBar.update();
    singleView.apply();
    pages.events.camerasChanged();
    layout.fit();
  },
  { widths: tileWidths, sight },
);
const links = new LinksDialog();
// Live H.264 where this page can decode it and a tile shows the camera at full size (#30); JPEG is the floor.
const liveCodecs = new LiveCodecs({ kind: decoderKind(), onChange: () => connection.resubscribe() });
// Recordings in the single view (playback/): relay paths go through the page's base, as the API's do.
const playback = new Playback(byTestId('playback'), {
  get: (path) => api.get(path),
  url: (path) => relayUrl(pageBase(), path),
  isAdmin: () => account.isAdmin,
  openAdmin: () => admin.open('recording'),
});
const tileView = (id: string) => grid.tile(id)?.el.querySelector<HTMLElement>('[data-testid="tile-view"]') ?? null;
// Pan, tilt and zoom in the single view, for an admin (ptz/); `socket` is read when a command is sent.
const ptzPad = new PtzPad({
  send: (id, command) => ptzSend(socket, id, command),
  isAdmin: () => account.isAdmin,
  viewOf: tileView,
});
// Talk back in the single view, for an admin; every tile says who talks through its camera (talk/).
const talkButton = new TalkButton({ mayTalk: () => account.auth.mayTalk, viewOf: tileView });
const singleView = new SingleView(grid, playback, {
  show: (id) => {
    ptzPad.show(id);
    talkButton.show(id);
  },
});
const groupBar = new GroupBar(grid, () => layout.fit());
const layout = new GridLayout(byTestId('camera-grid'));
new ViewControls(layout);
// The wall (#/wall): the grid's tiles fitted to the window, no chrome; before the page reads its address, which it may set.
const wall = new WallView({ onShow: (open) => layout.setWall(open) });
new Menu();
const announcer = new Announcer(byTestId('announcer'));
const emptyHint = new EmptyHint();

// Relative to the page, so a reverse proxy may serve the relay under a sub-path.
const api = new Api((url, init) => fetch(relayUrl(pageBase(), url), init));

const socket = connectMonitor();
const monitorTarget = socketioTarget(pageBase(), MONITOR_NAMESPACE);
const log = new ConnectionLog();
const banner = new RelayBanner(RETRY_MAX_MS / 1000);
const relay = new RelayStatus(() => {
  banner.show(relay.problem);
  grid.setRelayReachable(!relay.unreachable);
  // The banner takes room above the grid: "auto" fits the cameras in what is left.
  layout.fit();
});
// The handshake is refused once the session is gone (expired, signed out elsewhere, user deleted).
const connection = new Connection(socket, (state) => header.setConnection(state), {
  log,
  onAuthRefused: () => account.auth.signOut(),
  widths: () => pins.apply(tileWidths.take()),
  pinned: () => pins.pinned(),
  cameraIds: () => grid.watchedIds,
  h264: (widths) => liveCodecs.ask(grid.codecCandidates, widths),
  h264Rungs: (widths) => liveCodecs.askRungs(grid.codecCandidates, widths),
  objects: () => tracks.boxes.asked(grid.watchedIds),
  audio: () => tracks.sound.asked(grid.watchedIds),
});
tracks.listen(socket);
talkButton.listen(socket);
// A hidden tab asks the server to stop sending (it cannot show frames), and takes the newest on return.
const visibility = new Visibility();
const relayPause = new RelayPause(socket);
const freeze = new PageFreeze(document, (frozen) => {
  sightChanged();
  log.add(frozen ? 'page frozen: paused stream' : 'page resumed');
});
const pageHidden = () => visibility.hidden || freeze.frozen;
// The events and review pages (#/events, #/review): the live grid decodes nothing while one is shown.
const pages = new PagesOverGrid({
  get: (path) => api.get(path),
  post: (path, body) => api.post(path, body),
  url: (path) => relayUrl(pageBase(), path),
  cameras: () => grid.allIds,
  name: (id) => grid.tile(id)?.name ?? id,
  play: (camera, at, boxes) => {
    if (boxes) playback.showBoxes();
    singleView.open(camera, at);
  },
  onChange: (shown) => {
    grid.setHidden(pageHidden() || shown);
    connection.resubscribe();
  },
});

const diagnostics = new Diagnostics(
  { toggle: byTestId('diagnostics-toggle'), panel: byTestId('diagnostics') },
  // The probes' own sockets go where the page's does (a sub-path included).
  {
    connection,
    clock,
    log,
    cameras: () => grid.diagnostics(),
    io: (_uri, options) => io(monitorTarget.url, { ...options, path: monitorTarget.path }),
    receivers,
  },
);
// Recording stopped (disk full, an error): said under the header to whoever may see the camera.
const recordingAlert = new RecordingAlert(
  api,
  (id) => grid.tile(id)?.name ?? id,
  () => layout.fit(),
);
// Settings as a page (#/settings/<section>, #42): it hides the grid (settings.css), so its tiles are out of sight.
const admin = new Admin({ toggle: byTestId('admin-toggle'), panel: byTestId('settings') }, api, {
  onOpen: () => diagnostics.close(),
  resetPassword: (username) => account.passwordDialog.reset(username),
});
// An admin's first-run checklist (#42): in the empty grid's place, then above the grid until done or hidden.
const firstRun = new FirstRun({ get: (path) => api.get(path), onLayout: () => layout.fit() });
// Who is signed in, and what the page shows for it (auth/account-flow.ts).
const account = new AccountFlow(api, {
  monitor: byTestId('monitor'),
  header,
  eventsPage: pages,
  admin,
  firstRun,
  connection,
  recordingAlert,
  emptyHint,
  relay,
  grid,
});
// After the header and the Diagnostics exist: a receiver may report a change at once (a remembered choice).
receivers.start({
  socket,
  connection,
  base: pageBase(),
  feed: relayPause.filter(grid),
  log,
  onChange: () => {
    header.refresh();
    diagnostics.receiversChanged();
  },
});

account.start(RETRY_MAX_MS);

grid.setHidden(pageHidden() || pages.shown);
wall.apply();
/** The page went out of sight or came back: tiles, the relay's pause and the subscription follow. */
function sightChanged(): void {
  grid.setHidden(pageHidden() || pages.shown);
  relayPause.set(pageHidden());
  connection.resubscribe();
}
visibility.onChange((hidden) => {
  sightChanged();
  log.add(hidden ? 'tab hidden: paused stream' : 'tab visible: resumed');
});

watchRelay(socket, { relay, relayPause, clock, log, pageHidden });
pages.listen(socket);
socket.on('cameras', (list) => {
  if (!Array.isArray(list)) return;
  grid.setCameras(list);
  ptzPad.setCameras(list);
  talkButton.setCameras(list);
  header.setCameras(grid.size, grid.liveCount);
  firstRun.camerasChanged(grid.size);
  admin.camerasChanged(list);
  recordingAlert.namesChanged();
});

setInterval(() => {
  if (socket.connected) clock.measure(socket);
}, TIME_SYNC_MS);
setInterval(() => {
  grid.tick();
  announcer.update(grid.statuses());
  header.setCameras(grid.size, grid.liveCount);
  // What brings the frames can change by time alone (WebRTC stops delivering).
  header.refresh();
}, TICK_MS);
