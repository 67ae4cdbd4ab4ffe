/** The page's top bar, written only where a value changed, since a timer refreshes it four times a second. */
import type { Link } from '../../shared/protocol.js';
import type { User } from '../../shared/auth.js';
import type { ConnectionState } from './connection/connection.js';
import { byTestId, setAttr, setText } from './dom.js';
import { formatCameraCount } from './tiles/indicators.js';

/** The global bar: connection status and transport, camera count, server version, who is signed in. */
export class Header {
  private readonly status: HTMLElement;
  private readonly transport: HTMLElement;
  private readonly cameras: HTMLElement;
  private readonly camerasShort: HTMLElement;
  private readonly version: HTMLElement;
  private readonly user: HTMLElement;
  private readonly logout: HTMLElement;
  private readonly password: HTMLElement;
  private readonly admin: HTMLElement;
  private connection: ConnectionState = { status: 'disconnected', transport: null };

  /** `link`: what brings the frames now (`ReceiverSet#link`), asked on every change and `refresh`. */
  constructor(
    root: ParentNode = document,
    private readonly link: () => Link | null = () => null,
  ) {
    this.status = byTestId('connection-status', root);
    this.transport = byTestId('connection-transport', root);
    this.cameras = byTestId('camera-count', root);
    this.camerasShort = byTestId('camera-count-short', root);
    this.version = byTestId('server-version', root);
    this.user = byTestId('current-user', root);
    this.logout = byTestId('logout', root);
    this.password = byTestId('change-password', root);
    this.admin = byTestId('admin-toggle', root);
  }

  private signedIn = false;

  setConnection(state: ConnectionState): void {
    this.connection = state;
    this.showConnection();
  }

  /** Signed out, there is no connection to speak of: the header says so plainly, not in red. */
  setSignedIn(signedIn: boolean): void {
    this.signedIn = signedIn;
    this.showConnection();
  }

  private showConnection(): void {
    const status = this.signedIn ? this.connection.status : 'signed-out';
    setText(this.status, this.signedIn ? status : 'not signed in');
    this.status.dataset.state = status;
    this.showTransport();
  }

  /** Shows the link again: on a timer too, since WebRTC stops delivering by time alone. */
  refresh(): void {
    this.showTransport();
  }

  private showTransport(): void {
    const { status } = this.connection;
    this.transport.closest('.chip')?.toggleAttribute('hidden', !this.signedIn);
    setText(this.transport, this.link() ?? '—');
    // The transport of a dropped connection is history: dim it rather than pretend it is carrying frames.
    setAttr(this.transport, 'data-state', status);
  }

  setCameras(total: number, live: number): void {
    setText(this.cameras, formatCameraCount(total, live));
    // A phone's one-row header has room for "4/5 live" only.
    setText(this.camerasShort, total === 0 ? '0 cameras' : `${live}/${total} live`);
  }

  setVersion(version: string | null): void {
    setText(this.version, version ? `server ${version}` : '');
    this.version.hidden = !version;
  }

  /** The signed-in user and their buttons (Change password for every account); null hides them all (signed out, or a server without accounts). */
  setUser(user: User | null): void {
    setText(this.user, user?.username ?? '');
    this.user.title = user ? `Signed in as ${user.username} (${user.role})` : '';
    this.user.hidden = !user;
    this.logout.hidden = !user;
    this.password.hidden = !user;
    this.admin.hidden = user?.role !== 'admin';
  }
}
