/**
 * A TF.js graph (as read by tfjs-graph.ts) to an ONNX model, op by op, for the 17 op types NanoDet's
 * graph uses. Tensors keep TF's layout: a convolution or pooling in NHWC becomes Transpose, the NCHW
 * ONNX op, Transpose back (onnxruntime cancels the pairs the graph's own transposes leave). The int
 * subgraph that computes the reshapes' shapes is folded here, so the model is fixed at 416×416 as the
 * graph is. Anything else is refused by name rather than guessed at.
 */
import { CamrelayError } from '../../shared/errors.js';
import { attr, DataType, encodeModel, floatInfo, type OnnxNode, type OnnxTensor } from './onnx-writer.js';
import type { TfAttr, TfConst, TfGraph, TfNode } from './tfjs-graph.js';

/** Shape's start and end need opset 15; 18 is what onnxruntime 1.30 optimises fully, with IR version 8. */
const OPSET = 18;
const IR_VERSION = 8;

export interface ConvertOptions {
  /** The graph's input: its name in the TF graph and its NCHW shape. */
  input: { name: string; shape: number[] };
  producerVersion: string;
  docString: string;
}

function unsupported(why: string): CamrelayError {
  return new CamrelayError('DETECT_MODEL_CORRUPT', `The TF.js graph cannot be converted to ONNX: ${why}.`);
}

/** "node:0" and "node" are one tensor; "node:1" is the second output. */
const ref = (input: string) => input.replace(/:0$/, '');
const base = (input: string) => input.replace(/:\d+$/, '');
const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map(Number);
const text = (a: TfAttr | undefined) => (a?.s ? Buffer.from(a.s, 'base64').toString() : '');

function int64Bytes(values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 8);
  values.forEach((v, k) => out.writeBigInt64LE(BigInt(v), k * 8));
  return out;
}

function float32Bytes(values: Float32Array): Uint8Array {
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

class Converter {
  readonly nodes: OnnxNode[] = [];
  readonly initializers = new Map<string, OnnxTensor>();
  /** Constants, the graph's and those folded from it. */
  private readonly values: Map<string, TfConst>;
  private readonly byName: Map<string, TfNode>;

  constructor(private readonly graph: TfGraph) {
    this.values = new Map(graph.consts);
    this.byName = new Map(graph.nodes.map((n) => [n.name, n]));
  }

  /** A constant input's value, folding the int ops NanoDet computes its shapes with. */
  value(input: string): TfConst | undefined {
    const name = base(input);
    const known = this.values.get(name);
    if (known) return known;
    const node = this.byName.get(name);
    if (!node || node.op === 'Placeholder') return undefined;
    const args = node.input.map((i) => this.value(i));
    if (args.some((a) => !a)) return undefined;
    const folded = fold(node, args as TfConst[]);
    if (folded) this.values.set(name, folded);
    return folded;
  }

  intsOf(input: string, node: TfNode): number[] {
    const v = this.value(input);
    if (!v) throw unsupported(`${node.name} (${node.op}) needs ${input} to be a constant`);
    return Array.from(v.data);
  }

  /** An input as a tensor name: a float constant becomes an initializer of the same name. */
  tensor(input: string): string {
    const name = ref(input);
    const v = this.graph.consts.get(base(input));
    if (v && !this.initializers.has(name)) {
      if (v.data instanceof Int32Array) throw unsupported(`int constant ${name} used as a tensor`);
      this.initializers.set(name, { name, dims: v.shape, dataType: DataType.FLOAT, rawData: float32Bytes(v.data) });
    }
    return name;
  }

  int64Init(name: string, values: number[], dims = [values.length]): string {
    this.initializers.set(name, { name, dims, dataType: DataType.INT64, rawData: int64Bytes(values) });
    return name;
  }

  emit(opType: string, name: string, input: string[], output: string[], attribute: OnnxNode['attribute'] = []): void {
    this.nodes.push({ name, opType, input, output, attribute });
  }

  /** An NCHW-only op on an NHWC tensor: Transpose in, the op, Transpose out to the TF node's name. */
  nhwc(node: TfNode, opType: string, extraInputs: string[], attribute: OnnxNode['attribute']): void {
    this.emit('Transpose', `${node.name}/to_nchw`, [this.tensor(node.input[0]!)], [`${node.name}/nchw_in`], [attr.ints('perm', [0, 3, 1, 2])]);
    this.emit(opType, node.name, [`${node.name}/nchw_in`, ...extraInputs], [`${node.name}/nchw_out`], attribute);
    this.emit('Transpose', `${node.name}/to_nhwc`, [`${node.name}/nchw_out`], [node.name], [attr.ints('perm', [0, 2, 3, 1])]);
  }

  convert(node: TfNode): void {
    const op = OPS[node.op];
    if (!op) throw unsupported(`op ${node.op} (${node.name}) has no ONNX mapping`);
    op(this, node);
  }
}

function fold(node: TfNode, args: TfConst[]): TfConst | undefined {
  if (node.op === 'SparseToDense') {
    const [indices, shape, , fill] = args as [TfConst, TfConst, TfConst, TfConst];
    // onnx-tf's reshape helper: empty indices, so the result is the default value in the given shape.
    if (indices.data.length !== 0) throw unsupported(`${node.name}: SparseToDense with indices`);
    const dims = Array.from(shape.data);
    return { shape: dims, data: new Int32Array(dims.reduce((a, b) => a * b, 1)).fill(fill.data[0]!) };
  }
  if ((node.op === 'AddV2' || node.op === 'Add') && args[0]!.data instanceof Int32Array) {
    const [a, b] = args as [TfConst, TfConst];
    if (a.data.length !== b.data.length) throw unsupported(`${node.name}: int Add of different sizes`);
    return { shape: a.shape, data: a.data.map((v, k) => v + b.data[k]!) };
  }
  return undefined;
}

type OpConverter = (c: Converter, node: TfNode) => void;

const same =
  (opType: string): OpConverter =>
  (c, n) =>
    c.emit(
      opType,
      n.name,
      n.input.map((i) => c.tensor(i)),
      [n.name],
    );

function checkValid(n: TfNode): void {
  if (text(n.attr.padding) !== 'VALID') throw unsupported(`${n.name}: ${n.op} padding ${text(n.attr.padding)} (only VALID, after an explicit Pad)`);
  if (text(n.attr.data_format) !== 'NHWC') throw unsupported(`${n.name}: data_format ${text(n.attr.data_format)}`);
}

function pad(c: Converter, n: TfNode): void {
  const p = c.intsOf(n.input[1]!, n);
  const begins = p.filter((_, k) => k % 2 === 0);
  const ends = p.filter((_, k) => k % 2 === 1);
  const inputs = [c.tensor(n.input[0]!), c.int64Init(`${n.name}/pads`, [...begins, ...ends])];
  if (n.op === 'PadV2') inputs.push(c.tensor(n.input[2]!));
  c.emit('Pad', n.name, inputs, [n.name], [attr.string('mode', 'constant')]);
}

const OPS: Record<string, OpConverter> = {
  Const: () => {},
  Placeholder: () => {},
  Identity: same('Identity'),
  Sigmoid: same('Sigmoid'),
  Add: (c, n) => (c.value(n.name) ? undefined : same('Add')(c, n)),
  AddV2: (c, n) => (c.value(n.name) ? undefined : same('Add')(c, n)),
  SparseToDense: (c, n) => {
    if (!c.value(n.name)) throw unsupported(`${n.name}: SparseToDense on a computed tensor`);
  },
  LeakyRelu: (c, n) => c.emit('LeakyRelu', n.name, [c.tensor(n.input[0]!)], [n.name], [attr.float('alpha', n.attr.alpha?.f ?? 0.2)]),
  Transpose: (c, n) => c.emit('Transpose', n.name, [c.tensor(n.input[0]!)], [n.name], [attr.ints('perm', c.intsOf(n.input[1]!, n))]),
  Pad: pad,
  PadV2: pad,
  ConcatV2: (c, n) => {
    const [axis] = c.intsOf(n.input.at(-1)!, n);
    c.emit(
      'Concat',
      n.name,
      n.input.slice(0, -1).map((i) => c.tensor(i)),
      [n.name],
      [attr.int('axis', axis!)],
    );
  },
  Reshape: (c, n) => c.emit('Reshape', n.name, [c.tensor(n.input[0]!), c.int64Init(`${n.name}/shape`, c.intsOf(n.input[1]!, n))], [n.name]),
  SplitV: (c, n) => {
    const sizes = c.intsOf(n.input[1]!, n);
    const [axis] = c.intsOf(n.input[2]!, n);
    const outputs = sizes.map((_, k) => (k === 0 ? n.name : `${n.name}:${k}`));
    c.emit('Split', n.name, [c.tensor(n.input[0]!), c.int64Init(`${n.name}/split`, sizes)], outputs, [attr.int('axis', axis!)]);
  },
  ResizeBilinear: (c, n) => {
    const mode = n.attr.align_corners?.b ? 'align_corners' : n.attr.half_pixel_centers?.b ? 'half_pixel' : 'asymmetric';
    // Sizes for all four NHWC axes, N and C read from the tensor: onnxruntime's transpose optimizer
    // mishandles Resize's `axes` (a 2-element sizes permuted as 4), so the graph does not use it.
    const x = c.tensor(n.input[0]!);
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
    if (!filter || filter.shape.length !== 4) throw unsupported(`${n.name}: its filter is not a constant HWIO tensor`);
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

/** The nodes in an order where every input comes before its reader (ONNX requires it; model.json does not promise it). */
function topological(graph: TfGraph): TfNode[] {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const done = new Set<string>();
  const order: TfNode[] = [];
  const visit = (start: TfNode) => {
    const stack: [TfNode, number][] = [[start, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, k] = top;
      if (done.has(node.name)) {
        stack.pop();
        continue;
      }
      const next = node.input[k];
      if (next === undefined) {
        done.add(node.name);
        order.push(node);
        stack.pop();
        continue;
      }
      top[1]++;
      const dep = byName.get(base(next));
      if (!dep) throw unsupported(`${node.name} reads ${next}, which no node makes`);
      if (!done.has(dep.name)) stack.push([dep, 0]);
    }
  };
  for (const n of graph.nodes) visit(n);
  return order;
}

/** The ONNX model's bytes: the same graph gives the same bytes. */
export function tfGraphToOnnx(graph: TfGraph, options: ConvertOptions): Uint8Array {
  const c = new Converter(graph);
  for (const node of topological(graph)) c.convert(node);
  const outputs = [...graph.outputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return encodeModel({
    irVersion: IR_VERSION,
    opset: OPSET,
    producerName: 'camrelay tools/detect-model',
    producerVersion: options.producerVersion,
    docString: options.docString,
    graph: {
      name: 'nanodet',
      node: c.nodes,
      initializer: [...c.initializers.values()],
      input: [floatInfo(options.input.name, options.input.shape)],
      output: outputs.map((o) => floatInfo(ref(o.name), o.shape)),
    },
  });
}
