/** PushSender against a push service that never answers: recording is never held up, memory stays bounded. */
import { afterEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { PushSender } from '../../../server/push/push-sender.js';
import type { StoredSubscription } from '../../../server/push/push-subscriptions.js';
import { startPushEndpoint, type PushEndpoint } from '../../helpers/push-endpoint.js';
import { waitFor } from '../../helpers/wait.js';

const notice = { title: 'Motion: porch', body: 'Something moved.', url: '#/camera/porch/at/1', camera: 'porch', eventId: '1', tag: 'motion-porch-1' };

describe('PushSender', () => {
  let endpoint: PushEndpoint | undefined;
  let sender: PushSender | undefined;
  afterEach(async () => {
    sender?.close();
    await endpoint?.close();
  });

  const start = async (o: { timeoutMs?: number; queueLimit?: number } = {}) => {
    endpoint = await startPushEndpoint();
    endpoint.answer = null;
    const errors: string[] = [];
    const gone: string[] = [];
    sender = new PushSender({
      keys: webpush.generateVAPIDKeys(),
      subject: 'mailto:camrelay@example.com',
      concurrency: 1,
      onGone: (e) => gone.push(e),
      onError: (m) => errors.push(m),
      ...o,
    });
    const sub: StoredSubscription = { ...endpoint.subscription, username: 'admin', createdAt: 0 };
    return { sub, errors, gone };
  };

  it('queues at most its limit behind a push service that never answers, dropping the rest, and aborts them at close', async () => {
    const { sub, errors } = await start({ queueLimit: 5 });
    for (let i = 0; i < 10; i++) sender!.send(sub, notice);
    // One under way, five waiting, four dropped: send() itself never waited.
    expect([sender!.pending, sender!.counts.dropped]).toEqual([6, 4]);
    await waitFor(() => endpoint!.received.length === 1, 'the first push at the endpoint');
    sender!.close();
    await waitFor(() => sender!.pending === 0, 'the request under way aborted');
    expect(sender!.counts).toEqual({ sent: 0, failed: 0, dropped: 4, gone: 0 });
    expect(errors).toEqual([]);
  });

  it('gives up on a request after its deadline and says so', async () => {
    const { sub, errors } = await start({ timeoutMs: 200 });
    sender!.send(sub, notice);
    await waitFor(() => sender!.counts.failed === 1, 'the request given up');
    expect(errors).toEqual([`push to ${new URL(sub.endpoint).host} failed: no answer within 200 ms`]);
  });
});
