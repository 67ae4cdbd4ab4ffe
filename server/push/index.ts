/**
 * `push`: motion events as Web Push notifications to the devices that switched them on (the
 * installed app, docs/app.md; docs/notifications.md#web-push). Keys and devices live in the data
 * folder; an event start is queued for every device whose user may see the camera, and a slow or
 * dead push service costs a bounded queue, never the recorder's time. A camera that detects
 * objects (#39) notifies of its objects instead ("Person at Porch"): foliage and rain move, they
 * are not objects. A loitering alert (#57) is its own notice; a leaving is not pushed (a phone would
 * buzz for every passer-by twice) unless the device asked for it: each device chooses as a webhook
 * rule does (push-rules.ts: `alerts`, `newObjectsOnly`).
 */
import { canView, seesIdentities } from '../auth/authenticator.js';
import type { StoredUser } from '../auth/store.js';
import type { Attached, Module, ModuleContext } from '../modules/module.js';
import { pushMetrics } from './push-metrics.js';
import { leftNotice, loiterNotice, objectNotice, pushNotice } from './push-notice.js';
import { hears, objectsFor } from './push-rules.js';
import type { PushNotice } from '../../shared/push.js';
import { NewObjects } from '../events/new-objects.js';
import type {} from '../detection/provided.js';
import { attachPushRoutes } from './push-routes.js';
import { publicUrlOf, withoutIdentities } from '../events/public-event.js';
import { PushSender } from './push-sender.js';
import { PushSubscriptions, type StoredSubscription } from './push-subscriptions.js';
import { loadVapidKeys } from './vapid-keys.js';

export interface PushAttached extends Attached {
  subscriptions: PushSubscriptions;
  sender: PushSender;
  publicKey: string;
}

declare module '../modules/module.js' {
  interface Provided {
    push: PushAttached;
  }
}

/** Who runs the relay, for push services: its public https address when set, else a placeholder mailto. */
function subjectOf(ctx: ModuleContext): string {
  const publicUrl = publicUrlOf(ctx.config);
  return publicUrl?.startsWith('https://') ? publicUrl : 'mailto:camrelay@example.com';
}

/** `allowLoopbackHttp`: tests only, a push endpoint of their own on http://127.0.0.1. */
export function pushModule(o: { allowLoopbackHttp?: boolean; timeoutMs?: number } = {}): Module<'push'> {
  return {
    name: 'push',
    // Motion and object events.
    needs: ['events'],
    attach(ctx) {
      const log = ctx.log.child({ name: 'camrelay:push' });
      const keys = loadVapidKeys(ctx.config.dataDir);
      const subscriptions = new PushSubscriptions(ctx.config.dataDir, { allowLoopbackHttp: o.allowLoopbackHttp });
      const sender = new PushSender({
        keys,
        subject: subjectOf(ctx),
        ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
        onGone: (endpoint) => subscriptions.remove(endpoint) && log.info({ host: new URL(endpoint).host }, 'push device gone: forgotten'),
        onError: (message) => log.warn(message),
      });
      attachPushRoutes(ctx.app, {
        user: ctx.requireUser,
        httpAuth: ctx.httpAuth,
        subscriptions,
        publicKey: keys.publicKey,
        allowLoopbackHttp: !!o.allowLoopbackHttp,
      });
      // Optional: without the detection module (or with detection off for a camera) motion starts notify.
      const detection = ctx.provided.get('detection');
      const news = new NewObjects();
      // `wants`: whether a device's choice (push-rules.ts) takes this notice; every device by default.
      // `notice` may depend on who reads it: names and plates only for a user who may see them (#58).
      type Reader = { role: StoredUser['role']; identities?: boolean };
      const tell = (camera: string, notice: PushNotice | ((user: Reader) => PushNotice | null), wants: (sub: StoredSubscription) => boolean = () => true) => {
        for (const sub of subscriptions.list()) {
          const user = ctx.store.getUser(sub.username);
          // A deleted user's devices hear nothing more.
          if (!user) subscriptions.remove(sub.endpoint);
          else if (wants(sub) && canView({ username: user.username, role: user.role, cameras: user.cameras, credential: '' }, camera)) {
            const shown = typeof notice === 'function' ? notice(user) : notice;
            if (shown) sender.send(sub, shown);
          }
        }
      };
      const events = ctx.provided.need('events');
      events.onEvent((type, record) => {
        const fresh = news.take(type, record);
        // A plate or face read after its object was told (#58): the notice again, under its tag, so the phone's says "Mum's car" or "Alice" in its place.
        const plated = news.identitiesTold(type, record).filter((o) => !fresh.includes(o));
        const detects = detection?.settings(record.camera).enabled === true;
        const name = ctx.relay.cameras.get(record.camera)?.name ?? record.camera;
        const told = [...fresh, ...plated];
        // A user who may not see plates hears of new objects only, in words without them.
        const noticeFor = (user: Reader) =>
          seesIdentities(user) ? objectNotice(record, name) : fresh.length > 0 ? objectNotice(withoutIdentities(record), name) : null;
        if (detects && type === 'object' && told.length > 0) tell(record.camera, noticeFor, (sub) => objectsFor(sub, told).length > 0);
        else if (!detects && type === 'start') tell(record.camera, pushNotice(record, name));
      });
      events.onAlert((camera, alert) => {
        const notice = alert.kind === 'loitering' ? loiterNotice(camera, alert) : leftNotice(camera, alert);
        tell(camera, notice, (sub) => hears(sub, alert.kind));
      });
      return {
        subscriptions,
        sender,
        publicKey: keys.publicKey,
        metrics: (registry) => pushMetrics(registry, sender, subscriptions),
        config: () => ({ devices: subscriptions.list().length }),
        close: () => sender.close(),
      };
    },
  };
}

export const push = pushModule();
