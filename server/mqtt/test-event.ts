/** "Send a test event" over MQTT (#31): one event of type `test` through the running queue and link, and what came of it in words. */
import type { BrokerLink } from './broker-link.js';
import type { PublishQueue } from './publish-queue.js';
import type { Topics } from './topics.js';

/** What a test event came to, in words (`Delivered: acknowledged by the broker on ...`). */
export interface MqttTestOutcome {
  delivered: boolean;
  outcome: string;
}

/** The running link's parts a test goes through; null while MQTT is off. */
export interface TestPath {
  link: BrokerLink;
  queue: PublishQueue;
  topics: Topics;
}

/** A test event through the running queue and link: delivered once the broker acknowledges it (QoS 1). */
export function sendTest(running: TestPath | null, camera: string, timeoutMs: number): Promise<MqttTestOutcome> {
  if (!running) return Promise.resolve({ delivered: false, outcome: 'Failed: MQTT is off' });
  const { status } = running.link;
  if (status.state !== 'connected')
    return Promise.resolve({ delivered: false, outcome: `Failed: not connected to the broker (${status.lastError ?? 'no answer yet'})` });
  const payload = JSON.stringify({ type: 'test', camera, time: Date.now(), message: 'This is a test from camrelay' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ delivered: false, outcome: `Failed: the broker did not acknowledge it within ${timeoutMs / 1000} s` }), timeoutMs);
    const onSent = () => (
      clearTimeout(timer),
      resolve({ delivered: true, outcome: `Delivered: acknowledged by the broker on ${running.topics.event(camera)}` })
    );
    running.queue.event({ topic: running.topics.event(camera), payload, qos: 1, retain: false, onSent });
  });
}
