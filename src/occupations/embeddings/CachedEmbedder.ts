import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '../../core/Logger.ts';
import type { TextEmbedder } from './TextEmbedder.ts';

/**
 * Remembers every vector an embedder computed, in memory and in an append-only file, so a text
 * is embedded once per machine: refitting the occupation coder (every `match` run, every
 * evaluation seed) then costs no model time for titles seen before.
 *
 * File: the header `LFEMB1` + dim (u32), then records [u32 byte length][UTF-8 text][dim × f32].
 * A record cut short by a crash ends what is read: the vectors before it are used, the file is
 * not appended to any more (its tail would misalign new records), and a warning says to delete it.
 */
const MAGIC = Buffer.from('LFEMB1');

export class CachedEmbedder implements TextEmbedder {
  private readonly vectors = new Map<string, Float32Array>();
  private writable: boolean;

  private constructor(
    private readonly inner: TextEmbedder,
    private readonly path: string | null,
  ) {
    this.writable = path !== null;
  }

  get name(): string {
    return this.inner.name;
  }

  get dim(): number {
    return this.inner.dim;
  }

  get size(): number {
    return this.vectors.size;
  }

  /** `path` null = memory only. */
  static open(inner: TextEmbedder, path: string | null): CachedEmbedder {
    const cache = new CachedEmbedder(inner, path);
    if (path) cache.loadFile(path);
    return cache;
  }

  embed(texts: readonly string[]): Float32Array[] {
    const missing = [...new Set(texts.filter((t) => !this.vectors.has(t)))];
    if (missing.length) {
      const fresh = this.inner.embed(missing);
      const records: Buffer[] = [];
      missing.forEach((t, i) => {
        const v = Float32Array.from(fresh[i]!);
        this.vectors.set(t, v);
        records.push(record(t, v));
      });
      this.append(records);
    }
    return texts.map((t) => this.vectors.get(t)!);
  }

  private loadFile(path: string): void {
    if (!existsSync(path)) return;
    const buf = readFileSync(path);
    const dim = this.inner.dim;
    if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC) || buf.readUInt32LE(MAGIC.length) !== dim) {
      Logger.for('embeddings').warn('embedding_cache_ignored', {
        path,
        reason: 'not a cache file of this model',
        hint: 'delete it; vectors are recomputed',
      });
      this.writable = false;
      return;
    }
    let at = MAGIC.length + 4;
    while (at + 4 <= buf.length) {
      const length = buf.readUInt32LE(at);
      const end = at + 4 + length + dim * 4;
      if (end > buf.length) break;
      const text = buf.toString('utf8', at + 4, at + 4 + length);
      const v = new Float32Array(dim);
      Buffer.from(v.buffer).set(buf.subarray(at + 4 + length, end));
      this.vectors.set(text, v);
      at = end;
    }
    if (at !== buf.length) {
      // A torn tail would misalign every later record: stop appending to this file.
      Logger.for('embeddings').warn('embedding_cache_truncated', {
        path,
        kept: this.vectors.size,
        hint: 'another process may be appending to it right now; if this warning repeats, delete the file to rebuild it',
      });
      this.writable = false;
    }
  }

  private append(records: Buffer[]): void {
    if (!this.writable || !this.path) return;
    try {
      if (!existsSync(this.path)) {
        mkdirSync(dirname(this.path), { recursive: true });
        const header = Buffer.alloc(MAGIC.length + 4);
        MAGIC.copy(header);
        header.writeUInt32LE(this.inner.dim, MAGIC.length);
        writeFileSync(this.path, header, { flag: 'wx' });
      }
      appendFileSync(this.path, Buffer.concat(records));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        this.append(records);
        return;
      }
      Logger.for('embeddings').warn('embedding_cache_unwritable', { path: this.path, reason: (error as Error).message });
      this.writable = false;
    }
  }
}

function record(text: string, v: Float32Array): Buffer {
  const t = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(t.length);
  return Buffer.concat([head, t, Buffer.from(v.buffer, v.byteOffset, v.byteLength)]);
}
