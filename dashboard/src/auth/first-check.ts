/**
 * The page's first questions to the relay, before anyone signs in: who is signed in (asked again while the relay
 * does not answer, the banner saying so), and whether this page's Origin passes (a proxy that rewrites Host shows
 * here, with its fix).
 */
import type { Api } from '../api.js';
import type { RelayStatus } from '../connection/relay-status.js';
import type { Auth } from './auth.js';

export function firstCheck(auth: Auth, api: Api, relay: RelayStatus, retryMs: number): void {
  const check = (): void => {
    void auth.check().then((state) => {
      if (state.phase !== 'unknown') return relay.reached();
      relay.failed();
      setTimeout(check, retryMs);
    });
  };
  check();
  void api.post('/api/origin-check', {}).then((r) => {
    if (!r.ok && r.status !== 0 && r.body.error === 'BAD_ORIGIN') relay.refused({ code: r.body.error, message: r.body.message });
  });
}
