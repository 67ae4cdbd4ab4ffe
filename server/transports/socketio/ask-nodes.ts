/**
 * One question to every other cluster node through the Socket.IO Redis adapter (`serverSideEmit` with an ack), and
 * the answer of the node that holds the camera: the others answer null. Shared by PTZ (ptz-cluster.ts) and talk
 * (talk-cluster.ts). Never hangs: the adapter's own timeout may never fire (a Redis lost mid-question swallows the
 * request and its ack), so a deadline of its own settles the question.
 */

/** The part of a namespace a question needs. */
export interface AskChannel {
  serverSideEmit(event: string, req: unknown, ack: (err: Error | null, replies: unknown) => void): unknown;
}

export interface AskOptions<R> {
  /** The longest the question may take. */
  answerMs: number;
  /** A node's answer, read field by field. */
  read: (reply: object) => R;
  /** Whether an answer is a yes: one wins over a no if two nodes held the camera. */
  isOk: (reply: R) => boolean;
  /** The answer when the holder did not answer in time (the deadline, or the adapter's timeout without it). */
  late: () => R;
  /** The answer when every node answered and none holds the camera. */
  nobody: () => R;
  /** Told when the adapter timed out: whether the holder's answer came all the same. */
  partial?: (err: Error, answered: boolean) => void;
}

// A cluster has a handful of nodes; answers past this many are not read.
const REPLIES_MAX = 64;

export function askNodes<R>(channel: AskChannel, event: string, req: unknown, o: AskOptions<R>): Promise<R> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (reply: R) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const timer = setTimeout(() => settle(o.late()), o.answerMs);
    channel.serverSideEmit(event, req, (err, replies) => {
      // On the adapter's timeout `replies` holds those that came: the holder's may be among them.
      const real = Array.isArray(replies)
        ? replies
            .slice(0, REPLIES_MAX)
            .filter((r): r is object => typeof r === 'object' && r !== null)
            .map(o.read)
        : [];
      const reply = real.find(o.isOk) ?? real[0];
      if (err) o.partial?.(err, reply !== undefined);
      settle(reply ?? (err ? o.late() : o.nobody()));
    });
  });
}
