/**
 * The Live Monitor's sign-in and account flow: who is signed in (auth.ts), the sign-in form, Change password, Sign
 * out, the first questions to the relay, and what the page shows for each: signed out, the form and no connection;
 * signed in, the grid, the live connection, and what that user's role may see (Settings, the first-run checklist).
 */
import type { Admin } from '../admin/admin.js';
import { parseAddresses } from '../admin/relay-address.js';
import type { Api } from '../api.js';
import type { Connection } from '../connection/connection.js';
import type { RelayStatus } from '../connection/relay-status.js';
import { byTestId } from '../dom.js';
import type { EventsPage } from '../playback/events-page.js';
import type { FirstRun } from '../first-run/first-run.js';
import type { Header } from '../header.js';
import type { RecordingAlert } from '../recording-state/recording-alert.js';
import type { EmptyHint } from '../tiles/empty-hint.js';
import type { Grid } from '../tiles/grid.js';
import { Auth, type AuthState } from './auth.js';
import { firstCheck } from './first-check.js';
import { LoginForm } from './login-form.js';
import { PasswordDialog } from './password-dialog.js';

/** The parts of the page a session shows, hides, connects or tells who is signed in. */
export interface AccountParts {
  monitor: HTMLElement;
  header: Pick<Header, 'setUser' | 'setSignedIn' | 'setCameras'>;
  eventsPage: Pick<EventsPage, 'setSignedIn'>;
  admin: Pick<Admin, 'setAllowed' | 'setAddresses'>;
  firstRun: Pick<FirstRun, 'setRole' | 'refresh'>;
  connection: Pick<Connection, 'connect' | 'disconnect'>;
  recordingAlert: Pick<RecordingAlert, 'start' | 'stop'>;
  emptyHint: Pick<EmptyHint, 'show'>;
  relay: RelayStatus;
  grid: Pick<Grid, 'reset'>;
}

export class AccountFlow {
  readonly auth: Auth;
  /** Change password (#/password, from the header or the checklist): a changed generated password ticks the checklist. */
  readonly passwordDialog: PasswordDialog;
  private readonly login: LoginForm;
  /** The signed-in user's role: the playback panel points an admin to the Recording settings. */
  private role: string | null = null;

  constructor(
    private readonly api: Api,
    private readonly parts: AccountParts,
  ) {
    this.auth = new Auth(api, (state) => this.show(state));
    this.login = new LoginForm(byTestId<HTMLFormElement>('login-form'), (username, password) => this.auth.login(username, password));
    this.passwordDialog = new PasswordDialog(api, () => parts.firstRun.refresh());
  }

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** Sign out from the header's menu, and the first questions to the relay (asked again while it does not answer). */
  start(retryMs: number): void {
    byTestId('logout').addEventListener('click', () => {
      void this.auth.logout().then((error) => {
        if (error) window.alert(`Could not sign out: ${error}`);
      });
    });
    firstCheck(this.auth, this.api, this.parts.relay, retryMs);
  }

  /** Signed out: the login form instead of the grid, and no connection; signed in: the reverse. */
  private show(state: AuthState): void {
    // Unknown (a server without accounts, or no answer yet): the live connection decides what shows.
    if (state.phase === 'unknown') return;
    const { monitor, header, eventsPage, admin, firstRun, connection, recordingAlert, emptyHint, relay, grid } = this.parts;
    const user = state.phase === 'signed-in' ? state.user : null;
    this.role = user?.role ?? null;
    eventsPage.setSignedIn(user !== null);
    header.setUser(user);
    this.passwordDialog.setUser(user?.username ?? null);
    header.setSignedIn(user !== null);
    admin.setAllowed(user?.role === 'admin');
    firstRun.setRole(user?.role ?? null);
    monitor.hidden = !user;
    if (user) {
      this.login.hide();
      connection.connect();
      recordingAlert.start(user.role === 'admin');
      emptyHint.show(user.role, location.origin);
      void this.api.get<unknown>('/api/capture-server').then((r) => {
        const addresses = r.ok ? parseAddresses(r.body) : [];
        if (addresses[0] === undefined) return;
        emptyHint.show(user.role, addresses[0]);
        admin.setAddresses(addresses);
      });
    } else {
      connection.disconnect();
      recordingAlert.stop();
      // Signed out, nothing is owed to this page: no outage to report.
      relay.reached();
      // The next user may watch other cameras: show none of this one's.
      grid.reset();
      header.setCameras(0, 0);
      this.login.show(state.phase === 'signed-out' ? state.error : null);
    }
  }
}
