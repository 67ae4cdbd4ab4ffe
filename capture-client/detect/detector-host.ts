/**
 * The capture program's object detector (#39, `--detect`): one NanoDet worker for the whole process, whatever number
 * of cameras detect, behind one DetectQueue (newest frame per camera, cameras in turn). Its module and tfjs are
 * loaded only when a camera detects, so a program without --detect never pays for them; a missing or changed model
 * is said once and the cameras go on sending frames without detection (the relay then detects them, if it can).
 */
import path from 'node:path';
import { isSea } from 'node:sea';
import { pathToFileURL } from 'node:url';
import type { DetectQueue } from '../../common/detect/detect-queue.js';
import type { DetectorOptions } from '../../common/detect/detector.js';
import { nativeRuntimeHint, type EngineInfo } from '../../common/detect/engine.js';
import { checkModel, defaultModelDir } from '../../common/detect/model-files.js';
import { CamrelayError } from '../../shared/errors.js';
import { bundleDir } from '../bundle-info.js';

/** Where the one-file program's build puts the detector's files, beside the program (tools/build-capture). */
export const BUNDLED_DETECT = { dir: 'detect', worker: 'detect-worker.cjs', wasm: 'wasm', models: path.join('models', 'nanodet') } as const;

/** The detector's files: beside the one-file program or its bundle, else the repository's (CAMRELAY_DETECT_MODEL_DIR wins for the model). */
export function detectFiles(env: NodeJS.ProcessEnv = process.env): Pick<DetectorOptions, 'modelDir' | 'workerFile' | 'wasmDir'> {
  const dir = isSea() ? path.dirname(process.execPath) : bundleDir();
  if (dir === null) return { modelDir: defaultModelDir(env) };
  const modelDir = env.CAMRELAY_DETECT_MODEL_DIR ? path.resolve(env.CAMRELAY_DETECT_MODEL_DIR) : path.join(dir, BUNDLED_DETECT.models);
  return {
    modelDir,
    workerFile: pathToFileURL(path.join(dir, BUNDLED_DETECT.dir, BUNDLED_DETECT.worker)),
    wasmDir: path.join(dir, BUNDLED_DETECT.dir, BUNDLED_DETECT.wasm) + path.sep,
  };
}

/** The words said when detection cannot run here: the code, what to do, and that frames go on. */
export function detectOffWords(error: CamrelayError): string {
  // The model's own words already say `npm run detect:model`; the one-file program has it in its zip instead.
  const bundled =
    error.code === 'DETECT_MODEL_MISSING' || error.code === 'DETECT_MODEL_CORRUPT' ? ' (The one-file program: its models folder comes in its zip.)' : '';
  return `Detection is off: ${error.code}: ${error.message}${bundled} Frames go on without it; the relay detects this camera itself if it can.`;
}

/** The ready line: which engine runs, and on Windows, when onnxruntime-node's library did not load, what to install (engine.ts). */
export function detectReadyWords(info: EngineInfo & { loadMs: number }, platform: NodeJS.Platform = process.platform): string {
  const engine = info.engine === 'onnxruntime' ? 'onnxruntime-node' : 'tfjs-wasm';
  const ready = `Object detection ready (NanoDet on ${engine}, loaded in ${Math.round(info.loadMs)} ms): it runs when the relay asks, while motion lasts.`;
  const hint = nativeRuntimeHint(info.fallbackReason, platform);
  return hint ? `${ready} ${hint}` : ready;
}

export class DetectorHost {
  private starting: Promise<DetectQueue | null> | null = null;
  private close_: (() => Promise<void>) | null = null;
  private readonly speakers = new Set<(line: string) => void>();

  constructor(private readonly files: Pick<DetectorOptions, 'modelDir' | 'workerFile' | 'wasmDir'> = detectFiles()) {}

  /** The model files' fault, or null when they are there and are the pinned ones (checked before a camera offers 'detect'). */
  check(): CamrelayError | null {
    const checked = checkModel(this.files.modelDir ?? defaultModelDir());
    return checked.ok ? null : checked.error;
  }

  /** Where this host's lines go (each camera's status line); the first one listening says them. */
  listen(say: (line: string) => void): () => void {
    this.speakers.add(say);
    return () => this.speakers.delete(say);
  }

  /** The queue in front of the worker, started on the first call (model load and warm-up, about 1 s); null when it cannot start, said once. */
  queue(): Promise<DetectQueue | null> {
    this.starting ??= this.start().catch((err: unknown) => {
      const error = err instanceof CamrelayError ? err : new CamrelayError('DETECT_FAILED', err instanceof Error ? err.message : String(err));
      this.say(detectOffWords(error));
      return null;
    });
    return this.starting;
  }

  async close(): Promise<void> {
    await this.close_?.();
  }

  private say(line: string): void {
    const [first] = this.speakers;
    (first ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }

  private async start(): Promise<DetectQueue> {
    // Loaded here, not at the top: tfjs and the worker's code only for a program that detects.
    const [{ Detector }, { DetectQueue }] = await Promise.all([import('../../common/detect/detector.js'), import('../../common/detect/detect-queue.js')]);
    const detector = new Detector({ ...this.files, log: (line) => this.say(line) });
    const queue = new DetectQueue((jpeg, regions) => detector.detect(jpeg, regions));
    this.close_ = async () => {
      queue.close();
      await detector.close();
    };
    try {
      this.say(detectReadyWords(await detector.start()));
    } catch (err) {
      // A missing or changed model stays so; any other failure the detector mends itself by starting again (said by its log).
      if (detector.status !== 'failed') return queue;
      await this.close();
      throw err;
    }
    return queue;
  }
}

let shared: DetectorHost | null = null;

/** The process's one detector host (every camera with --detect shares its worker). */
export function sharedDetectorHost(): DetectorHost {
  return (shared ??= new DetectorHost());
}
