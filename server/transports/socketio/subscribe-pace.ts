/**
 * At most one `subscribe` handled per `gapMs` on a socket. Scrolling a grid subscribes again with
 * each tile that comes into sight, and a hostile page can send thousands a second: each one walks the
 * camera list and the viewer's slots. One that comes sooner waits, and a newer one replaces it
 * (newest wins, as for frames). The replaced ones' acks are answered with the newer one's reply, up to
 * ACKS_HELD of them: a page that sends more in one gap is not answering its own acks anyway.
 */
const ACKS_HELD = 8;

export type Ack<R> = (reply: R) => void;

export class SubscribePace<Q, R> {
  private lastAt = Number.NEGATIVE_INFINITY;
  private waiting: { req: Q; acks: Ack<R>[] } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly handle: (req: Q) => R,
    private readonly gapMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  push(req: Q, ack: Ack<R>): void {
    const acks = this.waiting ? [...this.waiting.acks.slice(1 - ACKS_HELD), ack] : [ack];
    this.waiting = { req, acks };
    const due = this.lastAt + this.gapMs - this.now();
    if (due <= 0) return this.run();
    this.timer ??= setTimeout(() => this.run(), due);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
  }

  private run(): void {
    this.timer = null;
    const w = this.waiting;
    if (!w) return;
    this.waiting = null;
    this.lastAt = this.now();
    const reply = this.handle(w.req);
    for (const ack of w.acks) ack(reply);
  }
}
