/**
 * `setup`: `GET /api/setup-status` for the first-run checklist (#42), composed from the other modules' own stores, so
 * the core and the auth routes know nothing of recording or notifications and each tick is what really is set.
 */
import type { SetupStatus } from '../../shared/setup-status.js';
import { principalOf, requireAdmin } from '../auth/http.js';
import type { Attached, Module } from '../modules/module.js';
import { fileWebhooksOf } from '../notifications/webhooks/webhook-settings.js';

declare module '../modules/module.js' {
  interface Provided {
    setup: Attached;
  }
}

const passwordOf = (generated: boolean | undefined): SetupStatus['password'] => (generated === undefined ? 'chosen' : generated ? 'generated' : 'changed');

export const setup: Module<'setup'> = {
  name: 'setup',
  // Push and recording are optional (a table may lack them): no device, no camera recording then.
  needs: ['mqtt', 'notifications'],
  attach(ctx) {
    const manager = ctx.provided.get('recording')?.manager ?? null;
    const mqtt = ctx.provided.need('mqtt');
    const webhooks = ctx.provided.need('notifications').webhooks;
    const push = ctx.provided.get('push');
    const fileRules = fileWebhooksOf(ctx.config);
    ctx.app.get('/api/setup-status', ctx.requireUser, requireAdmin(), (_req, res) => {
      const cameras = ctx.relay.cameras.list();
      const status: SetupStatus = {
        ok: true,
        camera: cameras.length > 0,
        recording: manager !== null && cameras.some((c) => manager.settingsOf(c.id).mode !== 'off'),
        // A link exists while MQTT is on (settings page or config file), connected or still trying.
        notification: fileRules.length > 0 || webhooks.list().some((w) => w.enabled) || mqtt.link !== null || (push?.subscriptions.list().length ?? 0) > 0,
        password: passwordOf(ctx.store.getUser(principalOf(res).username)?.generatedPassword),
      };
      res.json(status);
    });
    return { close() {} };
  },
};
