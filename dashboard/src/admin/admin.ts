/** The admin's settings (#42) around their views: cameras, the "Add a camera" guide, recording, object detection, known plates, known faces, notifications, Home Assistant, streams out, tokens and users, off-site, system. */
import type { AdminViewDeps } from './admin-markup.js';
import { CamerasView } from './cameras-view.js';
import { DetectionView } from './detection-view.js';
import { FacesView } from './faces-view.js';
import { HomeAssistantView } from './home-assistant-view.js';
import { IpCamerasView } from './ip-cameras-view.js';
import { NotificationsView } from './notifications-view.js';
import { OffsiteView } from './offsite-view.js';
import { PlatesView } from './plates-view.js';
import { RecordingView } from './recording-view.js';
import './recording.css';
import { StreamsView } from './streams-view.js';
import './streams.css';
import { SystemView } from './system-view.js';
import './system.css';
import { TokensView } from './tokens-view.js';
import { UsersView } from './users-view.js';
import { AddCameraView } from '../add-camera/add-camera-view.js';
import { el } from '../dom.js';
import { SettingsPage } from '../settings/settings-page.js';
import type { SettingsSection } from '../settings/settings-route.js';
import { RelayAddress } from './relay-address.js';

export interface AdminOptions {
  /** Where capture clients reach this server, for the ready-to-paste command. */
  origin?: string;
  confirm?: (question: string) => boolean;
  /** Called as the page opens, e.g. to close the Diagnostics drawer. */
  onOpen?: () => void;
  /** Users' Reset password: the page's one password dialog (auth/password-dialog.ts). */
  resetPassword?: (username: string) => void;
}

/**
 * The settings page's sections (admins only), each asking the server for its lists when it is shown and
 * showing the message of any request that failed; leaving the page stops the previews and forgets a new
 * token's secret.
 */
export class Admin {
  private readonly page: SettingsPage;
  private readonly tokens: TokensView;
  private readonly guide: AddCameraView;
  private readonly address = new RelayAddress();

  /** Where other machines reach this server, once the server has said (see `/api/capture-server`): capture clients the first. */
  setAddresses(addresses: readonly string[]): void {
    if (addresses[0] === undefined) return;
    this.tokens.origin = addresses[0];
    this.guide.origin = addresses[0];
    this.address.set(addresses);
  }

  /** The relay's camera list, as the grid gets it: the guide watches it for the camera being added. */
  camerasChanged(list: readonly unknown[]): void {
    this.guide.camerasChanged(list);
  }

  constructor(elements: { toggle: HTMLElement; panel: HTMLElement }, api: AdminViewDeps['api'], options: AdminOptions = {}) {
    const { origin = location.origin, confirm = (question) => window.confirm(question), onOpen = () => {} } = options;
    const deps: AdminViewDeps = { api, confirm, report: (message) => this.page.report(message) };
    const tokens = (this.tokens = new TokensView(deps, origin));
    const users = new UsersView(deps, options.resetPassword);
    // Recording and detection are other sections now: they read the list again when shown, not on a delete here.
    const cameras = new CamerasView(deps);
    const recording = new RecordingView(deps);
    const detection = new DetectionView(deps);
    const plates = new PlatesView(deps);
    const faces = new FacesView(deps);
    const ipCameras = new IpCamerasView(deps, (id, name) => this.guide.ipCameraAdded(id, name));
    const notifications = new NotificationsView(deps);
    // Where players (and Home Assistant) reach the relay's stream URLs: the page's base, at an address other machines reach.
    const streams = new StreamsView(deps, this.address);
    const homeAssistant = new HomeAssistantView(deps, this.address);
    const offsite = new OffsiteView(deps);
    const system = new SystemView(deps);
    // The guide shows the Cameras section's IP camera form while it shows: each section takes it back as it opens.
    const guide = (this.guide = new AddCameraView(deps, origin, ipCameras));
    const ipHome = el('div');
    this.page = new SettingsPage(elements.panel, {
      toggle: elements.toggle,
      sections: {
        cameras: {
          roots: [cameras.root, ipHome],
          show: () => {
            ipHome.append(ipCameras.root);
            void Promise.all([cameras.load(), ipCameras.load()]);
          },
        },
        add: { roots: [guide.root], show: () => void guide.load() },
        recording: { roots: [recording.root], show: () => void recording.load(), hide: () => recording.stop() },
        detection: { roots: [detection.root], show: () => void detection.load(), hide: () => detection.stop() },
        plates: { roots: [plates.root], show: () => void plates.load() },
        faces: { roots: [faces.root], show: () => void faces.load() },
        notifications: { roots: [notifications.root], show: () => void notifications.load() },
        'home-assistant': { roots: [homeAssistant.root], show: () => void homeAssistant.load(), hide: () => homeAssistant.stop() },
        streams: { roots: [streams.root], show: () => void streams.load() },
        users: { roots: [tokens.root, users.root], show: () => void Promise.all([tokens.load(), users.load()]) },
        offsite: { roots: [offsite.root], show: () => void offsite.load() },
        system: { roots: [system.root], show: () => void system.load() },
      },
      onOpen,
      onClose: () => {
        tokens.forgetSecret();
        streams.forgetSecret();
        guide.forget();
      },
    });
  }

  get isOpen(): boolean {
    return this.page.open;
  }

  /** Only an admin has settings: anyone else on their address stays on the grid. */
  setAllowed(allowed: boolean): void {
    this.page.setAllowed(allowed);
  }

  open(section: SettingsSection = 'cameras'): void {
    this.page.show(section);
  }

  close(): void {
    this.page.close();
  }
}
