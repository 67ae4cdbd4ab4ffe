/** Splits a multipart/x-mixed-replace byte stream into parts, fed in chunks of any size; for tests only. */

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** The boundary named in a Content-Type header, or undefined. */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  return /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
}

export class MultipartParser {
  readonly parts: Part[] = [];
  /** True once the close delimiter (`--boundary--`) arrived. */
  ended = false;
  private buf = Buffer.alloc(0);
  private readonly delimiter: Buffer;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`--${boundary}`, 'latin1');
  }

  /** Adds bytes; returns the parts they completed. */
  push(chunk: Uint8Array): Part[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const done: Part[] = [];
    for (let part = this.next(); part; part = this.next()) done.push(part);
    this.parts.push(...done);
    return done;
  }

  private next(): Part | undefined {
    if (this.ended) return undefined;
    const start = this.buf.indexOf(this.delimiter);
    if (start < 0) return undefined;
    const after = start + this.delimiter.length;
    if (this.buf.length < after + 2) return undefined;
    if (this.buf.toString('latin1', after, after + 2) === '--') {
      this.ended = true;
      this.buf = this.buf.subarray(after + 2);
      return undefined;
    }
    const headEnd = this.buf.indexOf('\r\n\r\n', after, 'latin1');
    if (headEnd < 0) return undefined;
    const headers: Record<string, string> = {};
    for (const line of this.buf.toString('latin1', after + 2, headEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = headEnd + 4;
    const length = Number(headers['content-length']);
    if (!Number.isInteger(length) || length < 0) throw new Error(`a part without a usable Content-Length: ${JSON.stringify(headers)}`);
    // The body, then the CRLF that belongs to the next delimiter.
    if (this.buf.length < bodyStart + length + 2) return undefined;
    if (this.buf.toString('latin1', bodyStart + length, bodyStart + length + 2) !== '\r\n') throw new Error('a part body is not followed by CRLF');
    const body = Buffer.from(this.buf.subarray(bodyStart, bodyStart + length));
    this.buf = this.buf.subarray(bodyStart + length + 2);
    return { headers, body };
  }
}
