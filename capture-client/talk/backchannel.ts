/**
 * Talk back to an IP camera through its ONVIF audio back channel: one RTSP session that sets up only the back channel
 * track (over TCP, interleaved, so it crosses what the video does), plays it, and sends what the browser said as G.711
 * RTP, 20 ms a packet. Kept open while someone talks, closed after. The camera's answers are bounded by the framer;
 * what waits to be sent is bounded too: a link behind by more than a second of sound drops what comes next, as
 * newest wins elsewhere (a late word is worse than a lost one).
 */
import { randomInt } from 'node:crypto';
import { encodeG711 } from '../../common/codec/g711.js';
import { interleaved, rtpPacket } from '../../common/codec/rtp.js';
import { CamrelayError } from '../../shared/errors.js';
import { backchannelTrack, type BackchannelTrack } from './backchannel-sdp.js';
import { RtspClient } from './rtsp-client.js';
import type { TalkChannel } from './talk-channel.js';

const REQUIRE: [string, string] = ['Require', 'www.onvif.org/ver20/backchannel'];
/** 20 ms at 8 kHz: the packet size RTP's G.711 profile names (RFC 3551 §4.5). */
export const TALK_SAMPLES_PER_PACKET = 160;
/** Bytes allowed to wait on the socket: a second of G.711 in RTP over TCP. */
const MAX_BUFFERED = 50 * (TALK_SAMPLES_PER_PACKET + 16);
/** How long a camera's start waits to learn whether it has a back channel. */
const PROBE_MS = 3000;
/** A session kept alive with GET_PARAMETER this often (cameras time sessions out at 60 s). */
const KEEPALIVE_MS = 20_000;

export interface BackchannelUrl {
  host: string;
  port: number;
  /** The stream's URL without credentials. */
  url: string;
  user: string;
  password: string;
}

/** Splits `rtsp://user:pass@host:port/path` into what the session needs; the password never goes in a URL sent. */
export function backchannelUrl(raw: string): BackchannelUrl {
  const u = new URL(raw);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  return { host: u.hostname, port: Number(u.port || 554), url: u.toString(), user, password };
}

export class Backchannel implements TalkChannel {
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fffffff);
  private readonly ssrc = randomInt(1, 0x7fffffff);
  /** Samples waiting for a whole packet. */
  private pending = new Int16Array(0);
  private readonly keepalive: NodeJS.Timeout;
  /** Packets dropped because the link was behind. */
  dropped = 0;

  private constructor(
    private readonly client: RtspClient,
    readonly track: BackchannelTrack,
    private readonly channel: number,
    private readonly base: string,
  ) {
    this.keepalive = setInterval(() => {
      this.client.request('GET_PARAMETER', this.base, [REQUIRE]).catch(() => this.close());
    }, KEEPALIVE_MS);
    this.keepalive.unref();
  }

  /**
   * Asks the camera once, with one DESCRIBE, whether it has a back channel that takes G.711 (#55 item 17): true, false
   * (it answered, and has none), or null when it could not be asked now (unreachable, refused the login, too slow).
   */
  static async offered(rawUrl: string, withinMs = PROBE_MS): Promise<{ offered: boolean | null; why: string }> {
    const target = backchannelUrl(rawUrl);
    let client: RtspClient | null = null;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    // The camera's start waits for this answer: a camera slow to answer is not asked for longer.
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CamrelayError('TALK_FAILED', `The camera did not answer within ${withinMs / 1000} s.`)), withinMs);
    });
    try {
      const asked = (async () => {
        const connected = await RtspClient.connect(target.host, target.port, target.user, target.password);
        // Connected after the answer was given up on: nobody will close it but us.
        if (settled) return connected.close();
        client = connected;
        return await describe(client, target.url);
      })();
      asked.catch(() => {});
      await Promise.race([asked, late]);
      return { offered: true, why: '' };
    } catch (e) {
      const err = e as Error;
      return { offered: err instanceof CamrelayError && err.code === 'TALK_UNSUPPORTED' ? false : null, why: err.message };
    } finally {
      settled = true;
      clearTimeout(timer);
      (client as RtspClient | null)?.close();
    }
  }

  /** Opens the camera's back channel; TALK_UNSUPPORTED when it has none that takes G.711, TALK_FAILED when it fails. */
  static async open(rawUrl: string): Promise<Backchannel> {
    const target = backchannelUrl(rawUrl);
    const client = await RtspClient.connect(target.host, target.port, target.user, target.password);
    try {
      const { base, track } = await describe(client, target.url);
      const channel = 0;
      const setup = await client.request('SETUP', track.control, [['Transport', `RTP/AVP/TCP;unicast;interleaved=${channel}-${channel + 1}`], REQUIRE]);
      if (setup.status !== 200) throw new CamrelayError('TALK_FAILED', `The camera refused to set up its back channel (${setup.status}).`);
      const played = await client.request('PLAY', base, [['Range', 'npt=0.000-'], REQUIRE]);
      if (played.status !== 200) throw new CamrelayError('TALK_FAILED', `The camera refused to play its back channel (${played.status}).`);
      return new Backchannel(client, track, channel, base);
    } catch (e) {
      client.close();
      throw e;
    }
  }

  /** Sound to say, 16-bit at 8 kHz mono: sent in whole 20 ms packets, the rest kept for the next call. */
  say(samples: Int16Array): void {
    let all = samples;
    if (this.pending.length > 0) {
      all = new Int16Array(this.pending.length + samples.length);
      all.set(this.pending);
      all.set(samples, this.pending.length);
    }
    let at = 0;
    for (; at + TALK_SAMPLES_PER_PACKET <= all.length; at += TALK_SAMPLES_PER_PACKET) {
      const payload = encodeG711(all.subarray(at, at + TALK_SAMPLES_PER_PACKET), this.track.law);
      const packet = rtpPacket({ payloadType: this.track.payloadType, sequence: this.sequence, timestamp: this.timestamp, ssrc: this.ssrc }, payload);
      this.sequence = (this.sequence + 1) & 0xffff;
      this.timestamp = (this.timestamp + TALK_SAMPLES_PER_PACKET) >>> 0;
      if (!this.client.write(interleaved(this.channel, packet), MAX_BUFFERED)) this.dropped++;
    }
    this.pending = all.slice(at);
  }

  get closed(): boolean {
    return this.client.closed;
  }

  get openWords(): string {
    return `Talk-back: the camera's back channel is open (${this.track.law === 'pcmu' ? 'G.711 μ-law' : 'G.711 A-law'}); someone in the Live Monitor is talking.`;
  }

  get endWords(): string {
    return 'The camera closed its back channel; press Talk again to retry.';
  }

  /** Ends the session (TEARDOWN, not waited for long) and the connection. */
  close(): void {
    clearInterval(this.keepalive);
    if (this.client.closed) return;
    const done = (): void => this.client.close();
    this.client.request('TEARDOWN', this.base, [REQUIRE]).then(done, done);
  }
}

/** DESCRIBE with the back channel required: its track, or TALK_UNSUPPORTED (none that takes G.711), CAMERA_AUTH. */
async function describe(client: RtspClient, url: string): Promise<{ base: string; track: BackchannelTrack }> {
  const described = await client.request('DESCRIBE', url, [['Accept', 'application/sdp'], REQUIRE]);
  if (described.status === 401) throw new CamrelayError('CAMERA_AUTH', 'The camera refused the user and password in its URL for talk-back.');
  if (described.status !== 200)
    throw new CamrelayError(
      'TALK_UNSUPPORTED',
      `The camera answered DESCRIBE with back channel with ${described.status}: it offers no talk-back on this stream.`,
    );
  const base = headerOf(described.message.headers, 'Content-Base') ?? url;
  const track = backchannelTrack(described.message.body.toString('utf8'), base);
  if ('why' in track) throw new CamrelayError('TALK_UNSUPPORTED', `No talk-back: ${track.why}.`);
  return { base, track };
}

function headerOf(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}
