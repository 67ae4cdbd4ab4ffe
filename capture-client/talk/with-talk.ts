/**
 * Talk back (#40 item 4): the relay's talk reaches where this camera's sound goes (talk-channel.ts: an IP camera's
 * ONVIF back channel, or this PC's speaker), opened when someone starts talking and closed when they stop; each
 * opening and failure is said once on the program's output.
 */
import type { TalkLink } from '../../common/capture/talk-link.js';
import { CamrelayError } from '../../shared/errors.js';
import type { TalkReply } from '../../shared/talk.js';
import type { TalkChannel } from './talk-channel.js';

/** True for a source that may have a back channel: an RTSP camera (the only kind ONVIF talk-back reaches). */
export function mayTalk(url: string | undefined): boolean {
  return typeof url === 'string' && /^rtsps?:\/\//i.test(url);
}

export function withTalk<C extends { client: { talk: TalkLink } }>(camera: C, open: () => Promise<TalkChannel>, say: (m: string) => void): C {
  const link = camera.client.talk;
  let channel: TalkChannel | null = null;
  let opening: Promise<TalkReply> | null = null;
  let lastWords = '';
  const once = (words: string): void => {
    if (words !== lastWords) say((lastWords = words));
  };
  link.onTalk({
    start() {
      if (channel && !channel.closed) return Promise.resolve({ ok: true });
      opening ??= open().then(
        (opened) => {
          channel = opened;
          opening = null;
          once(opened.openWords);
          return { ok: true } as const;
        },
        (err: unknown) => {
          opening = null;
          const e = err instanceof CamrelayError ? err : new CamrelayError('TALK_FAILED', String(err));
          once(`Talk-back: ${e.message}`);
          return { ok: false, error: e.code, message: e.message } as const;
        },
      );
      return opening;
    },
    say(samples) {
      if (!channel) return;
      if (channel.closed) {
        const why = channel.endWords;
        channel = null;
        once(`Talk-back: ${why}`);
        link.ended('TALK_FAILED', why);
        return;
      }
      channel.say(samples);
    },
    stop() {
      channel?.close();
      channel = null;
    },
  });
  return camera;
}
