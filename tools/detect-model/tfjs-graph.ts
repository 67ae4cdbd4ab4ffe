/**
 * A TensorFlow.js graph model (model.json and its weights file) read into plain nodes and constants,
 * with no TensorFlow.js: the converter to ONNX walks these. Float16-quantised weights are widened to
 * float32 here, exactly as tfjs does when it loads them.
 */
import { CamrelayError } from '../../shared/errors.js';

/** One TF op as model.json lists it. */
export interface TfNode {
  name: string;
  op: string;
  /** Inputs as "node" or "node:index"; control inputs ("^node") are dropped. */
  input: string[];
  attr: Record<string, TfAttr>;
}

export interface TfAttr {
  f?: number;
  i?: string;
  b?: boolean;
  /** Base64, as model.json stores strings. */
  s?: string;
  list?: { i?: string[]; f?: number[] };
}

/** A constant's value: ints for int32/int64 tensors (tfjs stores both as int32), floats otherwise. */
export interface TfConst {
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TfGraph {
  nodes: TfNode[];
  consts: Map<string, TfConst>;
  /** The graph's outputs as its signature names them ("Identity_2:0") with their shapes. */
  outputs: { name: string; shape: number[] }[];
}

interface ModelJson {
  modelTopology: { node: { name: string; op: string; input?: string[]; attr?: Record<string, TfAttr> }[] };
  weightsManifest: { weights: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }[] }[];
  signature: { outputs: Record<string, { name: string; tensorShape: { dim: { size?: string }[] } }> };
}

function bad(why: string): CamrelayError {
  return new CamrelayError('DETECT_MODEL_CORRUPT', `The TF.js graph cannot be read: ${why}.`);
}

/** IEEE half to single precision (the same widening tfjs's float16 decoder does). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function readWeights(json: ModelJson, bin: Uint8Array): Map<string, TfConst> {
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const consts = new Map<string, TfConst>();
  let at = 0;
  for (const w of json.weightsManifest.flatMap((m) => m.weights)) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const stored = w.quantization?.dtype ?? w.dtype;
    const bytes = stored === 'float16' ? 2 : 4;
    if (at + size * bytes > bin.byteLength) throw bad(`${w.name} runs past the end of the weights file`);
    let data: Float32Array | Int32Array;
    if (w.dtype === 'int32') data = new Int32Array(size).map((_, k) => view.getInt32(at + k * 4, true));
    else if (stored === 'float16') data = new Float32Array(size).map((_, k) => halfToFloat(view.getUint16(at + k * 2, true)));
    else if (stored === 'float32') data = new Float32Array(size).map((_, k) => view.getFloat32(at + k * 4, true));
    else throw bad(`${w.name} is stored as ${stored}, which the converter does not read`);
    at += size * bytes;
    consts.set(w.name, { shape: w.shape, data });
  }
  if (at !== bin.byteLength) throw bad(`the weights file has ${bin.byteLength} bytes, the manifest accounts for ${at}`);
  return consts;
}

/** The graph in model.json (parsed) and its weights file. */
export function readTfGraph(json: unknown, bin: Uint8Array): TfGraph {
  const model = json as ModelJson;
  if (!model?.modelTopology?.node || !model.weightsManifest || !model.signature?.outputs)
    throw bad('model.json has no node list, weights manifest or signature');
  const consts = readWeights(model, bin);
  const nodes = model.modelTopology.node.map((n) => ({ name: n.name, op: n.op, input: (n.input ?? []).filter((i) => !i.startsWith('^')), attr: n.attr ?? {} }));
  for (const n of nodes) if (n.op === 'Const' && !consts.has(n.name)) throw bad(`constant ${n.name} has no weights`);
  const outputs = Object.values(model.signature.outputs).map((o) => ({ name: o.name, shape: o.tensorShape.dim.map((d) => Number(d.size)) }));
  return { nodes, consts, outputs };
}
