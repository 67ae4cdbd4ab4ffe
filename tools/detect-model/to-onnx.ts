/**
 * A TF.js graph (as read by tfjs-graph.ts) to an ONNX model, op by op, for the 17 op types NanoDet's
 * graph uses (their table is onnx-ops.ts). Tensors keep TF's layout: a convolution or pooling in NHWC
 * becomes Transpose, the NCHW ONNX op, Transpose back (onnxruntime cancels the pairs the graph's own
 * transposes leave). The int subgraph that computes the reshapes' shapes is folded here, so the model
 * is fixed at 416×416 as the graph is. Anything else is refused by name rather than guessed at.
 */
import { base, float32Bytes, ONNX_OPS, unsupported, type OpContext } from './onnx-ops.js';
import { attr, DataType, encodeModel, floatInfo, type OnnxNode, type OnnxTensor } from './onnx-writer.js';
import type { TfConst, TfGraph, TfNode } from './tfjs-graph.js';

/** Shape's start and end need opset 15; 18 is what onnxruntime 1.30 optimises fully, with IR version 8. */
const OPSET = 18;
const IR_VERSION = 8;

export interface ConvertOptions {
  /** The graph's input: its name in the TF graph and its NCHW shape. */
  input: { name: string; shape: number[] };
  producerVersion: string;
  docString: string;
}

/** "node:0" and "node" are one tensor; "node:1" is the second output. */
const ref = (input: string) => input.replace(/:0$/, '');

function int64Bytes(values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 8);
  values.forEach((v, k) => out.writeBigInt64LE(BigInt(v), k * 8));
  return out;
}

class Converter implements OpContext {
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
    if (!v) throw unsupported(node, `needs ${input} to be a constant`);
    return Array.from(v.data);
  }

  /** An input of reader as a tensor name: a float constant becomes an initializer of the same name. */
  tensor(input: string, reader: TfNode): string {
    const name = ref(input);
    const v = this.graph.consts.get(base(input));
    if (v && !this.initializers.has(name)) {
      if (v.data instanceof Int32Array) throw unsupported(reader, `reads int constant ${name} as a tensor`);
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
    this.emit('Transpose', `${node.name}/to_nchw`, [this.tensor(node.input[0]!, node)], [`${node.name}/nchw_in`], [attr.ints('perm', [0, 3, 1, 2])]);
    this.emit(opType, node.name, [`${node.name}/nchw_in`, ...extraInputs], [`${node.name}/nchw_out`], attribute);
    this.emit('Transpose', `${node.name}/to_nhwc`, [`${node.name}/nchw_out`], [node.name], [attr.ints('perm', [0, 2, 3, 1])]);
  }

  convert(node: TfNode): void {
    const op = ONNX_OPS[node.op];
    if (!op) throw unsupported(node, 'has no ONNX mapping');
    op(this, node);
  }
}

function fold(node: TfNode, args: TfConst[]): TfConst | undefined {
  if (node.op === 'SparseToDense') {
    const [indices, shape, , fill] = args as [TfConst, TfConst, TfConst, TfConst];
    // onnx-tf's reshape helper: empty indices, so the result is the default value in the given shape.
    if (indices.data.length !== 0) throw unsupported(node, 'has indices');
    const dims = Array.from(shape.data);
    return { shape: dims, data: new Int32Array(dims.reduce((a, b) => a * b, 1)).fill(fill.data[0]!) };
  }
  if ((node.op === 'AddV2' || node.op === 'Add') && args[0]!.data instanceof Int32Array) {
    const [a, b] = args as [TfConst, TfConst];
    if (a.data.length !== b.data.length) throw unsupported(node, 'adds ints of different sizes');
    return { shape: a.shape, data: a.data.map((v, k) => v + b.data[k]!) };
  }
  return undefined;
}

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
      if (!dep) throw unsupported(node, `reads ${next}, which no node makes`);
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
