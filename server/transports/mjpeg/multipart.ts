/** The bytes of a `multipart/x-mixed-replace` JPEG stream (RFC 2046 framing). Pure: no I/O. */

/** The boundary of every MJPEG stream: parts carry Content-Length, so readers need not scan JPEG bytes for it. */
export const MJPEG_BOUNDARY = 'camrelay-frame';

/** Ends each part's body; it is also the CRLF that RFC 2046 puts before the next delimiter. */
export const PART_END = Buffer.from('\r\n', 'latin1');

/** The response Content-Type for a stream with this boundary. */
export function contentType(boundary: string = MJPEG_BOUNDARY): string {
  return `multipart/x-mixed-replace; boundary=${boundary}`;
}

/** The delimiter and headers that go before one JPEG of `length` bytes. */
export function partHeader(length: number, seq: number, boundary: string = MJPEG_BOUNDARY): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${length}\r\nX-Frame-Seq: ${seq}\r\n\r\n`, 'latin1');
}

/** The close delimiter: readers know the stream ended on purpose, not by a cut connection. */
export function closeDelimiter(boundary: string = MJPEG_BOUNDARY): Buffer {
  return Buffer.from(`--${boundary}--\r\n`, 'latin1');
}
