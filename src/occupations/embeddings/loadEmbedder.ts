import { envSetting } from '../../config/config.ts';
import { join } from 'node:path';
import { Logger } from '../../core/Logger.ts';
import { ConfigError, PipelineError } from '../../core/PipelineError.ts';
import type { TextEmbedder } from './TextEmbedder.ts';
import { CachedEmbedder } from './CachedEmbedder.ts';
import { E5Embedder } from './E5Embedder.ts';
import { defaultCacheDir } from './ensureE5Model.ts';

/**
 * `auto` (default): the embedding model when it is cached or can be downloaded, otherwise null
 * after one warning — occupation coding then works without the semantic channel.
 * `on`: the model or an error that says why. `off`: null.
 * From `--embeddings`, else `LABOURFLOW_EMBEDDINGS`.
 */
export type EmbeddingsMode = 'auto' | 'on' | 'off';

export function parseEmbeddingsMode(value: string | undefined): EmbeddingsMode {
  const v = value ?? envSetting('LABOURFLOW_EMBEDDINGS') ?? 'auto';
  if (v === 'auto' || v === 'on' || v === 'off') return v;
  throw new ConfigError(`--embeddings must be auto, on or off, got "${v}"`, {
    hint: 'auto uses the model when it is available; off codes occupations without it',
  });
}

export async function loadEmbedder(mode: EmbeddingsMode, options: { cacheDir?: string } = {}): Promise<TextEmbedder | null> {
  if (mode === 'off') return null;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  try {
    const model = await E5Embedder.create({ cacheDir });
    return CachedEmbedder.open(model, join(cacheDir, 'embeddings', `${model.name}.bin`));
  } catch (error) {
    if (mode === 'on' || !(error instanceof PipelineError)) throw error;
    Logger.for('embeddings').warn('embeddings_unavailable', {
      reason: error.message,
      hint: error.hint,
      effect: 'occupation coding runs without the semantic channel',
    });
    return null;
  }
}
