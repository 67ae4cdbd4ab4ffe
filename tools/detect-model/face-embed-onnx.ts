/**
 * The face embedding model (#58) to ONNX: dlib's face recognition ResNet (Davis King, public domain) as
 * face-api ships its weights (a tfjs weights manifest and one uint8-quantised file, no graph: the
 * network is code there, FaceRecognitionNet). The same network is written here as ONNX nodes:
 *
 *   150×150 RGB (NCHW, mean taken away, /256) → 7×7/2 conv → 3×3/2 max pool → residual blocks at
 *   32, 64, 128 and 256 channels, each step down a 3×3/2 conv beside a 2×2/2 average pool of its
 *   input (zero channels added, and a zero row and column when the conv's side is one short) →
 *   global average → 256×128 matrix → 128 numbers.
 *
 * Each conv's scale layer (x·s + t, per channel) is folded into its filter and bias, as inference
 * allows. The same manifest and weights give the same bytes (pinned in common/faces/face-model-files.ts).
 */
import { CamrelayError } from '../../shared/errors.js';
import { float32Bytes } from './onnx-ops.js';
import { attr, DataType, encodeModel, floatInfo, type OnnxNode, type OnnxTensor } from './onnx-writer.js';

export const EMBED_INPUT = 150;
export const EMBED_SIZE = 128;
const OPSET = 18;
const IR_VERSION = 8;

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale: number; min: number };
}

function bad(why: string): CamrelayError {
  return new CamrelayError('FACE_MODEL_CORRUPT', `The face embedding weights cannot be read: ${why}.`);
}

/** Every weight by name, widened to float32 as tfjs does (uint8 q → q·scale + min). */
export function readManifestWeights(manifest: unknown, bin: Uint8Array): Map<string, { shape: number[]; data: Float32Array }> {
  const groups = manifest as { weights?: ManifestWeight[] }[];
  if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g.weights))) throw bad('the manifest is not a list of weight groups');
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  let at = 0;
  for (const w of groups.flatMap((g) => g.weights!)) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const q = w.quantization;
    const bytes = q ? (q.dtype === 'uint8' ? 1 : 0) : w.dtype === 'float32' ? 4 : 0;
    if (bytes === 0) throw bad(`${w.name} is stored as ${q?.dtype ?? w.dtype}, which the converter does not read`);
    if (at + size * bytes > bin.byteLength) throw bad(`${w.name} runs past the end of the weights file`);
    const data = new Float32Array(size);
    for (let k = 0; k < size; k++) data[k] = q ? view.getUint8(at + k) * q.scale + q.min : view.getFloat32(at + k * 4, true);
    at += size * bytes;
    out.set(w.name, { shape: w.shape, data });
  }
  if (at !== bin.byteLength) throw bad(`the weights file has ${bin.byteLength} bytes, the manifest accounts for ${at}`);
  return out;
}

class Graph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private n = 0;

  constructor(private readonly weights: Map<string, { shape: number[]; data: Float32Array }>) {}

  weight(name: string) {
    const w = this.weights.get(name);
    if (!w) throw bad(`${name} is missing`);
    return w;
  }

  init(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: float32Bytes(data) });
    return name;
  }

  ints(name: string, values: number[]): string {
    const raw = Buffer.alloc(values.length * 8);
    values.forEach((v, k) => raw.writeBigInt64LE(BigInt(v), k * 8));
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: raw });
    return name;
  }

  op(opType: string, input: string[], attribute: OnnxNode['attribute'] = [], name = `${opType.toLowerCase()}_${this.n++}`): string {
    this.nodes.push({ name, opType, input, output: [name], attribute });
    return name;
  }

  /** Conv (+ bias, scale folded in), then Relu when asked; `same` pads a 3×3 by one. */
  conv(x: string, prefix: string, stride: number, same: boolean, relu: boolean): string {
    const f = this.weight(`${prefix}/conv/filters`);
    const bias = this.weight(`${prefix}/conv/bias`).data;
    const s = this.weight(`${prefix}/scale/weights`).data;
    const t = this.weight(`${prefix}/scale/biases`).data;
    const [h, w, i, o] = f.shape as [number, number, number, number];
    const oihw = new Float32Array(f.data.length);
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++)
        for (let ci = 0; ci < i; ci++)
          for (let co = 0; co < o; co++) oihw[((co * i + ci) * h + y) * w + xx] = f.data[((y * w + xx) * i + ci) * o + co]! * s[co]!;
    const b = new Float32Array(o).map((_, co) => bias[co]! * s[co]! + t[co]!);
    const p = same ? (h - 1) / 2 : 0;
    const out = this.op(
      'Conv',
      [x, this.init(`${prefix}/w`, [o, i, h, w], oihw), this.init(`${prefix}/b`, [o], b)],
      [attr.ints('kernel_shape', [h, w]), attr.ints('strides', [stride, stride]), attr.ints('pads', [p, p, p, p])],
      prefix,
    );
    return relu ? this.op('Relu', [out]) : out;
  }
}

const side = (n: number, k: number, s: number) => Math.floor((n - k) / s) + 1;

/** face-embed.onnx's bytes from face-api's face_recognition_model manifest (parsed) and weights. */
export function faceEmbedToOnnx(manifest: unknown, bin: Uint8Array, docString: string): Uint8Array {
  const g = new Graph(readManifestWeights(manifest, bin));
  let size = side(side(EMBED_INPUT, 7, 2), 3, 2);
  let channels = 32;
  let x = g.conv('input', 'conv32_down', 2, false, true);
  x = g.op('MaxPool', [x], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [0, 0, 0, 0])]);
  const residual = (prefix: string) => {
    const y = g.conv(g.conv(x, `${prefix}/conv1`, 1, true, true), `${prefix}/conv2`, 1, true, false);
    x = g.op('Relu', [g.op('Add', [y, x])]);
  };
  const down = (prefix: string, outChannels: number) => {
    let y = g.conv(g.conv(x, `${prefix}/conv1`, 2, false, true), `${prefix}/conv2`, 1, true, false);
    const convSide = side(size, 3, 2);
    const poolSide = side(size, 2, 2);
    if (convSide !== poolSide) y = g.op('Pad', [y, g.ints(`${prefix}/pad_side`, [0, 0, 0, 0, 0, 0, poolSide - convSide, poolSide - convSide])]);
    let pooled = g.op('AveragePool', [x], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2]), attr.ints('pads', [0, 0, 0, 0])]);
    if (outChannels !== channels) pooled = g.op('Pad', [pooled, g.ints(`${prefix}/pad_channels`, [0, 0, 0, 0, 0, outChannels - channels, 0, 0])]);
    x = g.op('Relu', [g.op('Add', [pooled, y])]);
    [size, channels] = [poolSide, outChannels];
  };
  ['conv32_1', 'conv32_2', 'conv32_3'].forEach(residual);
  down('conv64_down', 64);
  ['conv64_1', 'conv64_2', 'conv64_3'].forEach(residual);
  down('conv128_down', 128);
  ['conv128_1', 'conv128_2'].forEach(residual);
  down('conv256_down', 256);
  ['conv256_1', 'conv256_2'].forEach(residual);
  down('conv256_down_out', 256);
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])]);
  const fc = g.weight('fc');
  g.op('MatMul', [pooled, g.init('fc', fc.shape, fc.data)], [], 'embedding');
  return encodeModel({
    irVersion: IR_VERSION,
    opset: OPSET,
    producerName: 'camrelay tools/detect-model',
    producerVersion: '1',
    docString,
    graph: {
      name: 'face_embed',
      node: g.nodes,
      initializer: g.initializers,
      input: [floatInfo('input', [1, 3, EMBED_INPUT, EMBED_INPUT])],
      output: [floatInfo('embedding', [1, EMBED_SIZE])],
    },
  });
}
