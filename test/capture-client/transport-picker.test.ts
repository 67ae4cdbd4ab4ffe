import { describe, expect, it } from 'vitest';
import { SENDERS } from '../../capture-client/senders/index.js';
import { CAPTURE_TRANSPORTS } from '../../capture-client/transport-picker.js';

describe('CAPTURE_TRANSPORTS', () => {
  it("is auto and then the sender table's names, in table order", () => {
    expect(CAPTURE_TRANSPORTS).toEqual(['auto', ...Object.keys(SENDERS)]);
  });
});
