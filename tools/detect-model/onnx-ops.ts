/**
 * The converter's op table: each TF op NanoDet's graph uses and the ONNX nodes it becomes, written
 * against OpContext (what to-onnx.ts's Converter offers an op), so a new op is one entry here.
 */
import { CamrelayError } from '../../shared/errors.js';
import { attr, DataType, type OnnxNode, type OnnxTensor } from './onnx-writer.js';
import type { TfAttr, TfConst, TfNode } from './tfjs-graph.js';

/** What an op's converter may ask of the conversion under way. */
export interface OpContext {
  readonly initializers: Map<string, OnnxTensor>;
  /** A constant input's value, folded if the graph computes it from constants. */
  value(input: string): TfConst | undefined;
  intsOf(input: string, node: TfNode): number[];
  /** An input of reader as a tensor name: a float constant becomes an initializer of the same name. */
  tensor(input: string, reader: TfNode): string;
  int64Init(name: string, values: number[], dims?: number[]): string;
  emit(opType: string, name: string, input: string[], output: string[], attribute?: OnnxNode['attribute']): void;
  /** An NCHW-only op on an NHWC tensor: Transpose in, the op, Transpose out to the TF node's name. */
  nhwc(node: TfNode, opType: string, extraInputs: string[], attribute: OnnxNode['attribute']): void;
}

/** The refusal of a graph the converter has no mapping for, naming the node's op and the node. */
export function unsupported(node: TfNode, why: string): CamrelayError {
  return new CamrelayError('DETECT_MODEL_UNCONVERTIBLE', `The TF.js graph cannot be converted to ONNX: op ${node.op} (${node.name}) ${why}.`);
}

/** "node:1" is the second output of node; "node:0" and "node" are one tensor. */
export const base = (input: string) => input.replace(/:\d+$/, '');
const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map(Number);
const text = (a: TfAttr | undefined) => (a?.s ? Buffer.from(a.s, 'base64').toString() : '');

export function float32Bytes(values: Float32Array): Uint8Array {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, k) => out.writeFloatLE(v, k * 4));
  return out;
}

/** OIHW from TF's HWIO filter layout. */
function hwioToOihw(c: TfConst): TfConst {
  const [h, w, i, o] = c.shape as [number, number, number, number];
  const out = new Float32Array(c.data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ci = 0; ci < i; ci++) for (let co = 0; co < o; co++) out[((co * i + ci) * h + y) * w + x] = c.data[((y * w + x) * i + ci) * o + co]!;
  return { shape: [o, i, h, w], data: out };
}

export type OpConverter = (c: OpContext, node: TfNode) => void;

const same =
  (opType: string): OpConverter =>
  (c, n) =>
    c.emit(
      opType,
      n.name,
      n.input.map((i) => c.tensor(i, n)),
      [n.name],
    );

function checkValid(n: TfNode): void {
  if (text(n.attr.padding) !== 'VALID') throw unsupported(n, `has padding ${text(n.attr.padding)} (only VALID, after an explicit Pad)`);
  if (text(n.attr.data_format) !== 'NHWC') throw unsupported(n, `has data_format ${text(n.attr.data_format)} (only NHWC)`);
}

function pad(c: OpContext, n: TfNode): void {
  const p = c.intsOf(n.input[1]!, n);
  const begins = p.filter((_, k) => k % 2 === 0);
  const ends = p.filter((_, k) => k % 2 === 1);
  const inputs = [c.tensor(n.input[0]!, n), c.int64Init(`${n.name}/pads`, [...begins, ...ends])];
  if (n.op === 'PadV2') inputs.push(c.tensor(n.input[2]!, n));
  c.emit('Pad', n.name, inputs, [n.name], [attr.string('mode', 'constant')]);
}

/** Each TF op NanoDet's graph uses, by name, to the ONNX nodes it becomes. */
export const ONNX_OPS: Record<string, OpConverter> = {
  Const: () => {},
  Placeholder: () => {},
  Identity: same('Identity'),
  Sigmoid: same('Sigmoid'),
  Add: (c, n) => (c.value(n.name) ? undefined : same('Add')(c, n)),
  AddV2: (c, n) => (c.value(n.name) ? undefined : same('Add')(c, n)),
  SparseToDense: (c, n) => {
    if (!c.value(n.name)) throw unsupported(n, 'works on a computed tensor');
  },
  LeakyRelu: (c, n) => c.emit('LeakyRelu', n.name, [c.tensor(n.input[0]!, n)], [n.name], [attr.float('alpha', n.attr.alpha?.f ?? 0.2)]),
  Transpose: (c, n) => c.emit('Transpose', n.name, [c.tensor(n.input[0]!, n)], [n.name], [attr.ints('perm', c.intsOf(n.input[1]!, n))]),
  Pad: pad,
  PadV2: pad,
  ConcatV2: (c, n) => {
    const [axis] = c.intsOf(n.input.at(-1)!, n);
    c.emit(
      'Concat',
      n.name,
      n.input.slice(0, -1).map((i) => c.tensor(i, n)),
      [n.name],
      [attr.int('axis', axis!)],
    );
  },
  Reshape: (c, n) => c.emit('Reshape', n.name, [c.tensor(n.input[0]!, n), c.int64Init(`${n.name}/shape`, c.intsOf(n.input[1]!, n))], [n.name]),
  SplitV: (c, n) => {
    const sizes = c.intsOf(n.input[1]!, n);
    const [axis] = c.intsOf(n.input[2]!, n);
    const outputs = sizes.map((_, k) => (k === 0 ? n.name : `${n.name}:${k}`));
    c.emit('Split', n.name, [c.tensor(n.input[0]!, n), c.int64Init(`${n.name}/split`, sizes)], outputs, [attr.int('axis', axis!)]);
  },
  ResizeBilinear: (c, n) => {
    const mode = n.attr.align_corners?.b ? 'align_corners' : n.attr.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
    // Sizes for all four NHWC axes, N and C read from the tensor: onnxruntime's transpose optimizer
    // mishandles Resize's `axes` (a 2-element sizes permuted as 4), so the graph does not use it.
    const x = c.tensor(n.input[0]!, n);
    c.emit('Shape', `${n.name}/n`, [x], [`${n.name}/n`], [attr.int('start', 0), attr.int('end', 1)]);
    c.emit('Shape', `${n.name}/c`, [x], [`${n.name}/c`], [attr.int('start', 3)]);
    const hw = c.int64Init(`${n.name}/hw`, c.intsOf(n.input[1]!, n));
    c.emit('Concat', `${n.name}/sizes`, [`${n.name}/n`, hw, `${n.name}/c`], [`${n.name}/sizes`], [attr.int('axis', 0)]);
    c.emit('Resize', n.name, [x, '', '', `${n.name}/sizes`], [n.name], [attr.string('mode', 'linear'), attr.string('coordinate_transformation_mode', mode)]);
  },
  Conv2D: (c, n) => {
    checkValid(n);
    const filterName = base(n.input[1]!);
    const filter = c.value(filterName);
    if (!filter || filter.shape.length !== 4) throw unsupported(n, 'has a filter that is not a constant HWIO tensor');
    const weights = `${filterName}/oihw`;
    if (!c.initializers.has(weights)) {
      const oihw = hwioToOihw(filter);
      c.initializers.set(weights, { name: weights, dims: oihw.shape, dataType: DataType.FLOAT, rawData: float32Bytes(oihw.data as Float32Array) });
    }
    const [, sh, sw] = ints(n.attr.strides);
    const [, dh, dw] = ints(n.attr.dilations);
    c.nhwc(
      n,
      'Conv',
      [weights],
      [
        attr.ints('kernel_shape', filter.shape.slice(0, 2)),
        attr.ints('strides', [sh!, sw!]),
        attr.ints('dilations', [dh ?? 1, dw ?? 1]),
        attr.ints('pads', [0, 0, 0, 0]),
      ],
    );
  },
  MaxPool: (c, n) => {
    checkValid(n);
    const [, kh, kw] = ints(n.attr.ksize);
    const [, sh, sw] = ints(n.attr.strides);
    c.nhwc(n, 'MaxPool', [], [attr.ints('kernel_shape', [kh!, kw!]), attr.ints('strides', [sh!, sw!]), attr.ints('pads', [0, 0, 0, 0])]);
  },
};
