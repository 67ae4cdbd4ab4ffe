/**
 * Where this camera's talk-back goes, picked from its command (#40 item 4): an RTSP camera's ONVIF back channel, or
 * with --speaker this PC's speaker; null when neither (the relay is not offered talk, so the page shows no Talk button).
 */
import { resolveFfmpegPath } from '../sources/ffmpeg-binary.js';
import type { CaptureCommand } from '../cli.js';
import { Backchannel } from './backchannel.js';
import { Speaker, speakerProblem } from './speaker.js';
import type { TalkChannel } from './talk-channel.js';
import { mayTalk } from './with-talk.js';

export function talkTarget(
  command: Pick<CaptureCommand, 'url' | 'speaker' | 'ffmpegPath'>,
  say: (m: string) => void,
  platform: NodeJS.Platform = process.platform,
): (() => Promise<TalkChannel>) | null {
  const url = command.url;
  if (mayTalk(url)) return () => Backchannel.open(url!);
  const device = command.speaker;
  if (device === undefined) return null;
  const problem = speakerProblem(platform);
  if (problem) {
    say(`Talk-back: ${problem}; the Live Monitor shows no Talk button for this camera.`);
    return null;
  }
  return async () => Speaker.open({ ffmpegPath: resolveFfmpegPath(command.ffmpegPath), device });
}

/**
 * Whether to offer the relay talk-back for this target (#55 item 17): an RTSP camera is asked once, at start, whether
 * it has a back channel, and one that answers it has none is not offered, so the Live Monitor shows no Talk button
 * that could only fail. One that cannot be asked now (not reachable yet) is offered, as before: a press says why.
 */
export async function offerTalk(command: Pick<CaptureCommand, 'url'>, say: (m: string) => void): Promise<boolean> {
  const url = command.url;
  if (!mayTalk(url)) return true;
  const { offered, why } = await Backchannel.offered(url!);
  if (offered === false) say(`Talk-back: ${why} The Live Monitor shows no Talk button for this camera.`);
  return offered !== false;
}
