/** The PE reading and unsigning build:capture does on node.exe, on a hand-made minimal PE32+ header. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasPeResourceName, readPe, readPeImports, removePeSignature } from '../../../tools/build-capture/pe.js';

/** MZ, PE\0\0, an x64 PE32+ optional header with 16 data directories, one ".rsrc" section, then `tail` bytes of "signature". */
function fakePe(signature: number): Buffer {
  const pe = 0x80;
  const optionalSize = 240;
  const body = pe + 24 + optionalSize + 40 + 64;
  const b = Buffer.alloc(body + signature);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(pe, 0x3c);
  b.write('PE\0\0', pe, 'latin1');
  b.writeUInt16LE(0x8664, pe + 4);
  b.writeUInt16LE(1, pe + 6);
  b.writeUInt16LE(optionalSize, pe + 20);
  b.writeUInt16LE(0x20b, pe + 24);
  b.write('.rsrc', pe + 24 + optionalSize, 'latin1');
  if (signature > 0) {
    b.writeUInt32LE(body, pe + 24 + 112 + 32);
    b.writeUInt32LE(signature, pe + 24 + 112 + 36);
    b.fill(0xaa, body);
  }
  return b;
}

describe('readPe', () => {
  it('reads the machine, the sections and where the signature is', () => {
    const b = fakePe(16);
    expect(readPe(b)).toEqual({ machine: 0x8664, sections: ['.rsrc'], certificate: { offset: b.length - 16, size: 16 } });
  });

  it('is null for anything but a PE file', () => {
    expect(readPe(Buffer.from('#!/bin/sh\n'.padEnd(128)))).toBeNull();
    const noPe = fakePe(0);
    noPe.write('XX', 0x80, 'latin1');
    expect(readPe(noPe)).toBeNull();
  });
});

describe('removePeSignature', () => {
  it('cuts the certificate table off the end and zeroes its directory entry', () => {
    const signed = fakePe(16);
    const unsigned = removePeSignature(signed);
    expect(unsigned.length).toBe(signed.length - 16);
    expect(readPe(unsigned)!.certificate).toEqual({ offset: 0, size: 0 });
  });

  it('returns the very same buffer when there is no signature', () => {
    const b = fakePe(0);
    expect(removePeSignature(b)).toBe(b);
  });
});

describe('hasPeResourceName', () => {
  it('finds a resource name stored as a length-prefixed UTF-16LE string', () => {
    const b = Buffer.concat([fakePe(0), Buffer.from([13, 0]), Buffer.from('NODE_SEA_BLOB', 'utf16le')]);
    expect(hasPeResourceName(b, 'NODE_SEA_BLOB')).toBe(true);
    expect(hasPeResourceName(b, 'OTHER')).toBe(false);
  });
});

describe('readPeImports', () => {
  it('names the DLLs a real Windows module loads and the ones it delay-loads', () => {
    // onnxruntime-node's package holds its Windows binding on every platform: a real PE file to read.
    const bin = path.resolve(import.meta.dirname, '../../../node_modules/onnxruntime-node/bin/napi-v6/win32/x64');
    const binding = readPeImports(readFileSync(path.join(bin, 'onnxruntime_binding.node')))!;
    expect(binding.loaded).toEqual(expect.arrayContaining(['onnxruntime.dll', 'KERNEL32.dll', 'MSVCP140.dll']));
    // Node's own exports, resolved against the program that loads the addon.
    expect(binding.delayed).toEqual(['NODE.EXE']);
    const runtime = readPeImports(readFileSync(path.join(bin, 'onnxruntime.dll')))!;
    expect(runtime.delayed).toContain('DirectML.dll');
    expect(runtime.loaded).not.toContain('DirectML.dll');
  });

  it('is empty for a PE file with no import tables, and null for anything but a PE file', () => {
    expect(readPeImports(fakePe(0))).toEqual({ loaded: [], delayed: [] });
    expect(readPeImports(Buffer.from('#!/bin/sh\n'.padEnd(128)))).toBeNull();
  });
});
