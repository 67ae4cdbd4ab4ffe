/** raw-ws frames: a 16-byte header (camera u32, seq u32, capturedAt f64) then the JPEG. */
export function packFrame(camera: number, seq: number, capturedAt: number, jpeg: Buffer): Buffer {
  const header = Buffer.allocUnsafe(16);
  header.writeUInt32BE(camera, 0);
  header.writeUInt32BE(seq, 4);
  header.writeDoubleBE(capturedAt, 8);
  return Buffer.concat([header, jpeg]);
}

export function unpackHeader(buf: Buffer): { camera: number; seq: number; capturedAt: number } {
  return { camera: buf.readUInt32BE(0), seq: buf.readUInt32BE(4), capturedAt: buf.readDoubleBE(8) };
}
