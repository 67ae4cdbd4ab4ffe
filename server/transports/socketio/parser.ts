/**
 * Socket.IO's parser with one change: a binary packet may announce one attachment, not ten. A frame
 * is metadata plus one JPEG, and the decoder holds every announced attachment until the last one
 * arrives, so ten were ten times the frame limit held per connection (#13).
 */
import { Decoder as BaseDecoder, Encoder } from 'socket.io-parser';

class Decoder extends BaseDecoder {
  constructor() {
    super({ maxAttachments: 1 });
  }
}

/** For the `parser` option of the Socket.IO server. */
export const parser = { Encoder, Decoder };
