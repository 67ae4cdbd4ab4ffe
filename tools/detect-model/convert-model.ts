/** nanodet.onnx's bytes from the checked nanodet.json and nanodet.bin: the same files give the same bytes. */
import { MODEL_PACKAGE } from '../../common/detect/model-files.js';
import { INPUT_SIZE } from '../../common/detect/nanodet-decode.js';
import { readTfGraph } from './tfjs-graph.js';
import { tfGraphToOnnx } from './to-onnx.js';

export function convertNanodet(graphJson: Uint8Array, weights: Uint8Array): Uint8Array {
  const graph = readTfGraph(JSON.parse(Buffer.from(graphJson).toString('utf8')), weights);
  return tfGraphToOnnx(graph, {
    input: { name: 'input_1', shape: [1, 3, INPUT_SIZE, INPUT_SIZE] },
    // No date or machine in the model: its bytes are pinned by SHA-256 (common/detect/model-files.ts).
    producerVersion: '1',
    docString: `NanoDet (RangiLyu, Apache-2.0) from ${MODEL_PACKAGE.name}@${MODEL_PACKAGE.version} models/nanodet.json, converted by camrelay's tools/detect-model/to-onnx.ts.`,
  });
}
