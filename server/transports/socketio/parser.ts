/**
 * Socket.IO's parser with two changes.
 *
 * A binary packet may announce one attachment, not ten. A frame is metadata plus one JPEG, and the
 * decoder holds every announced attachment until the last one arrives, so ten were ten times the
 * frame limit held per connection (#13).
 *
 * A text packet longer than `maxChars` is not parsed. JSON.parse and then validation walk every key
 * a client sends: a 2 MB subscribe of made-up ids, twelve a second from six sockets, stalled the
 * relay for seconds (#25). An event that long reaches its handler as `[event, OversizedMessage]`,
 * so the handler can refuse it with its code (and answer its ack); anything else that long ends the
 * connection, as any protocol violation does.
 */
import { Decoder as BaseDecoder, Encoder, PacketType } from 'socket.io-parser';
import { CamrelayError } from '../../../shared/errors.js';
import { MESSAGE_MAX_CHARS } from '../../../shared/protocol.js';

/** What a handler gets instead of the arguments of an event too long to read. */
export class OversizedMessage {
  constructor(
    /** Characters of the packet as it arrived. */
    readonly chars: number,
    /** The most the relay reads. */
    readonly limit: number,
  ) {}
}

// The event name is the first element of the JSON array: read from the head only.
const EVENT_NAME = /^\[\s*"([A-Za-z0-9:_-]{1,64})"/;

/** Type, namespace and ack id of an EVENT packet (`2/nsp,12[...]`), read without its JSON; null for any other. */
export function eventHead(packet: string): { nsp: string; id?: number; event: string } | null {
  if (packet.charAt(0) !== String(PacketType.EVENT)) return null;
  let i = 1;
  let nsp = '/';
  if (packet.charAt(1) === '/') {
    const comma = packet.indexOf(',', 1);
    // A namespace is a short name; a long one is not a packet of ours.
    if (comma < 0 || comma > 256) return null;
    nsp = packet.slice(1, comma);
    i = comma + 1;
  }
  const digits = /^\d{1,15}/.exec(packet.slice(i, i + 16))?.[0];
  const id = digits === undefined ? undefined : Number(digits);
  i += digits?.length ?? 0;
  const event = EVENT_NAME.exec(packet.slice(i, i + 80))?.[1];
  return event === undefined ? null : { nsp, event, ...(id === undefined ? {} : { id }) };
}

/** The `parser` option of the Socket.IO server, refusing text packets over `maxChars` unread. */
export function createParser(maxChars = MESSAGE_MAX_CHARS) {
  class Decoder extends BaseDecoder {
    constructor() {
      super({ maxAttachments: 1 });
    }

    override add(obj: unknown): void {
      if (typeof obj !== 'string' || obj.length <= maxChars) return super.add(obj);
      const head = eventHead(obj);
      if (!head) throw new Error(`packet of ${obj.length} characters: over the ${maxChars} the relay reads`);
      this.emitReserved('decoded', { type: PacketType.EVENT, nsp: head.nsp, id: head.id, data: [head.event, new OversizedMessage(obj.length, maxChars)] });
    }
  }
  return { Encoder, Decoder };
}

/** The parser with the default limit. */
export const parser = createParser();

/** The refusal for an event that arrived as an OversizedMessage. */
export function oversized(event: string, message: OversizedMessage): { ok: false; error: CamrelayError } {
  return {
    ok: false,
    error: new CamrelayError(
      'MESSAGE_TOO_LARGE',
      `${event}: a message of ${message.chars} characters; the relay reads at most ${message.limit}. Send fewer or shorter ids.`,
    ),
  };
}
