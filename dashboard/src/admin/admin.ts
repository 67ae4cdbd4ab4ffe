/** The Admin drawer (admins only) around its views: cameras, recording, object detection, notifications, camera tokens and users. */
import { AdminMarkup, type AdminViewDeps } from './admin-markup.js';
import { CamerasView } from './cameras-view.js';
import { DetectionView } from './detection-view.js';
import { IpCamerasView } from './ip-cameras-view.js';
import { NotificationsView } from './notifications-view.js';
import { setText } from '../dom.js';
import { Drawer } from '../drawer.js';
import { RecordingView } from './recording-view.js';
import './recording.css';
import { TokensView } from './tokens-view.js';
import { UsersView } from './users-view.js';

export interface AdminOptions {
  /** Where capture clients reach this server, for the ready-to-paste command. */
  origin?: string;
  confirm?: (question: string) => boolean;
  /** Called as the drawer opens, e.g. to close the other drawer. */
  onOpen?: () => void;
}

/**
 * The Admin drawer (admins only): camera tokens and users. It asks the server for both lists each
 * time it opens, and shows the message of any request that failed.
 */
export class Admin {
  private readonly drawer: Drawer;
  private readonly dom: AdminMarkup;
  private readonly tokens: TokensView;
  private readonly users: UsersView;
  private readonly cameras: CamerasView;
  private readonly ipCameras: IpCamerasView;
  private readonly recording: RecordingView;
  private readonly detection: DetectionView;
  private readonly notifications: NotificationsView;

  /** Where capture clients reach this server, once the server has said (see `/api/capture-server`). */
  setOrigin(origin: string): void {
    this.tokens.origin = origin;
  }

  constructor(elements: { toggle: HTMLElement; panel: HTMLElement }, api: AdminViewDeps['api'], options: AdminOptions = {}) {
    const { origin = location.origin, confirm = (question) => window.confirm(question), onOpen = () => {} } = options;
    const deps: AdminViewDeps = { api, confirm, report: (message) => this.report(message) };
    this.tokens = new TokensView(deps, origin);
    this.users = new UsersView(deps);
    this.cameras = new CamerasView(deps, () => {
      void this.recording.load();
      void this.detection.load();
    });
    this.recording = new RecordingView(deps);
    this.detection = new DetectionView(deps);
    this.ipCameras = new IpCamerasView(deps);
    this.notifications = new NotificationsView(deps);
    this.dom = new AdminMarkup(elements.panel, [
      this.cameras.root,
      this.ipCameras.root,
      this.recording.root,
      this.detection.root,
      this.notifications.root,
      this.tokens.root,
      this.users.root,
    ]);

    this.drawer = new Drawer(elements.toggle, elements.panel, this.dom.close, {
      beforeOpen: onOpen,
      afterOpen: () => {
        this.report(null);
        void this.cameras.load();
        void this.ipCameras.load();
        void this.recording.load();
        void this.detection.load();
        void this.notifications.load();
        void this.tokens.load();
        void this.users.load();
      },
      beforeClose: () => {
        this.tokens.forgetSecret();
        this.recording.stop();
        this.detection.stop();
      },
    });
  }

  get isOpen(): boolean {
    return this.drawer.isOpen;
  }

  open(): void {
    this.drawer.open();
  }

  close(): void {
    this.drawer.close();
  }

  private report(message: string | null): void {
    setText(this.dom.error, message ?? '');
    this.dom.error.hidden = !message;
  }
}
