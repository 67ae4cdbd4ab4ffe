/** Just enough of the PE format (learn.microsoft.com/windows/win32/debug/pe-format) to unsign node.exe and to check the result. */

export interface PeInfo {
  machine: number;
  /** Section names, e.g. ".text", ".rsrc". */
  sections: string[];
  /** File offset and size of the Authenticode signature (the certificate table), 0 when unsigned. */
  certificate: { offset: number; size: number };
}

/** Where the optional header's certificate-table entry sits, or null when `bytes` is not a PE file. */
function certificateEntry(bytes: Buffer): number | null {
  if (bytes.length < 0x40 || bytes.toString('latin1', 0, 2) !== 'MZ') return null;
  const pe = bytes.readUInt32LE(0x3c);
  if (pe + 24 > bytes.length || bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') return null;
  const optional = pe + 24;
  const magic = bytes.readUInt16LE(optional);
  // PE32+ (0x20b) has 8-byte image base and stack fields, so its data directories start 16 bytes later than PE32's.
  const directories = optional + (magic === 0x20b ? 112 : 96);
  return directories + 4 * 8; // entry 4 of the data directories: the certificate table
}

/** Parses the headers; null when `bytes` is not a PE file. */
export function readPe(bytes: Buffer): PeInfo | null {
  const cert = certificateEntry(bytes);
  if (cert === null) return null;
  const pe = bytes.readUInt32LE(0x3c);
  const count = bytes.readUInt16LE(pe + 6);
  const optionalSize = bytes.readUInt16LE(pe + 20);
  const table = pe + 24 + optionalSize;
  const sections = Array.from({ length: count }, (_, i) => bytes.toString('latin1', table + 40 * i, table + 40 * i + 8).replace(/\0+$/, ''));
  return { machine: bytes.readUInt16LE(pe + 4), sections, certificate: { offset: bytes.readUInt32LE(cert), size: bytes.readUInt32LE(cert + 4) } };
}

/**
 * The same file without its Authenticode signature (what `signtool remove /s` does): the certificate
 * table entry zeroed and the table, which is always last in the file, cut off. Returns `bytes` itself when unsigned.
 */
export function removePeSignature(bytes: Buffer): Buffer {
  const entry = certificateEntry(bytes);
  if (entry === null) return bytes;
  const offset = bytes.readUInt32LE(entry);
  const size = bytes.readUInt32LE(entry + 4);
  if (offset === 0 || size === 0 || offset + size !== bytes.length) return bytes;
  const out = Buffer.from(bytes.subarray(0, offset));
  out.writeUInt32LE(0, entry);
  out.writeUInt32LE(0, entry + 4);
  return out;
}

/** Whether the PE's resources hold a named resource: names are stored as a UTF-16LE string after a 16-bit length. */
export function hasPeResourceName(bytes: Buffer, name: string): boolean {
  const utf16 = Buffer.from(name, 'utf16le');
  const prefixed = Buffer.concat([Buffer.from([name.length & 0xff, name.length >> 8]), utf16]);
  return bytes.includes(prefixed);
}

/**
 * The DLLs a PE file imports, by name as the file spells them: `loaded` when it is loaded (the import table),
 * `delayed` on first use (the delay-import table). Lets the build's test check a carried DLL set is complete.
 */
export function readPeImports(bytes: Buffer): { loaded: string[]; delayed: string[] } | null {
  const cert = certificateEntry(bytes);
  if (cert === null) return null;
  const pe = bytes.readUInt32LE(0x3c);
  const table = pe + 24 + bytes.readUInt16LE(pe + 20);
  const sections = Array.from({ length: bytes.readUInt16LE(pe + 6) }, (_, i) => {
    const at = table + 40 * i;
    return { rva: bytes.readUInt32LE(at + 12), size: Math.max(bytes.readUInt32LE(at + 8), bytes.readUInt32LE(at + 16)), raw: bytes.readUInt32LE(at + 20) };
  });
  // Tables hold relative virtual addresses: the section that maps one gives its place in the file.
  const offset = (rva: number) => {
    const s = sections.find((x) => rva >= x.rva && rva < x.rva + x.size);
    if (!s) throw new Error(`PE address 0x${rva.toString(16)} is in no section.`);
    return rva - s.rva + s.raw;
  };
  const name = (rva: number) => bytes.toString('latin1', offset(rva), bytes.indexOf(0, offset(rva)));
  /** Walks a table of `size`-byte descriptors, each naming its DLL at `nameAt`, to the all-zero one that ends it. */
  const walk = (directory: number, size: number, nameAt: number) => {
    const rva = bytes.readUInt32LE(cert - 4 * 8 + directory * 8);
    const names: string[] = [];
    if (rva === 0) return names;
    for (let at = offset(rva); bytes.readUInt32LE(at + nameAt) !== 0; at += size) names.push(name(bytes.readUInt32LE(at + nameAt)));
    return names;
  };
  // Data directory 1 is the import table (20-byte descriptors, name at 12), 13 the delay-import one (32 bytes, name at 4).
  return { loaded: walk(1, 20, 12), delayed: walk(13, 32, 4) };
}
