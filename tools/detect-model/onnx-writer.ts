/**
 * ONNX model bytes from plain objects, encoded by protobufjs (BSD-3-Clause) with the part of ONNX's
 * own schema the converter uses (onnx-subset.proto). protobufjs writes fields in schema order, so the
 * same model gives the same bytes every run.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

/** ONNX's TensorProto.DataType numbers the converter writes. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
/** ONNX's AttributeProto.AttributeType numbers the converter writes. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: { dimValue: number }[] } } };
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
}

/** An attribute of the kind its value says: a number given as `int` or `float`, a list, or a string. */
export const attr = {
  int: (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i }),
  float: (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f }),
  ints: (name: string, ints: number[]): OnnxAttribute => ({ name, type: AttributeType.INTS, ints }),
  string: (name: string, s: string): OnnxAttribute => ({ name, type: AttributeType.STRING, s: Buffer.from(s) }),
};

/** A float tensor's value info with a fixed shape. */
export function floatInfo(name: string, shape: number[]): OnnxValueInfo {
  return { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: shape.map((dimValue) => ({ dimValue })) } } } };
}

let modelType: protobuf.Type | undefined;

function schema(): protobuf.Type {
  modelType ??= protobuf.parse(readFileSync(new URL('./onnx-subset.proto', import.meta.url), 'utf8')).root.lookupType('onnx.ModelProto');
  return modelType;
}

export interface OnnxModelFields {
  opset: number;
  irVersion: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: OnnxGraph;
}

/** The ModelProto's bytes. */
export function encodeModel(m: OnnxModelFields): Uint8Array {
  const type = schema();
  const message = {
    irVersion: m.irVersion,
    opsetImport: [{ domain: '', version: m.opset }],
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    docString: m.docString,
    graph: m.graph,
  };
  const problem = type.verify(message);
  if (problem) throw new TypeError(`The ONNX model does not fit the schema: ${problem}.`);
  return type.encode(type.fromObject(message)).finish();
}
