import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedEmbedder } from '../../../src/occupations/embeddings/CachedEmbedder.ts';
import type { TextEmbedder } from '../../../src/occupations/embeddings/TextEmbedder.ts';

/** A deterministic embedder that records which texts it was asked for. */
class CountingEmbedder implements TextEmbedder {
  readonly name = 'counting';
  readonly calls: string[][] = [];
  constructor(readonly dim = 4) {}
  embed(texts: readonly string[]): Float32Array[] {
    this.calls.push([...texts]);
    return texts.map((t) => {
      const v = new Float32Array(this.dim);
      for (let i = 0; i < t.length; i++) v[i % this.dim]! += t.charCodeAt(i) % 97;
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    });
  }
}

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'lf-emb-'));
  dirs.push(d);
  return join(d, 'sub', 'cache.bin');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('CachedEmbedder', () => {
  it('embeds each distinct text once and keeps the order of the request', () => {
    const inner = new CountingEmbedder();
    const cache = CachedEmbedder.open(inner, null);
    const a = cache.embed(['司机', '会计', '司机']);
    const b = cache.embed(['会计', '厨师']);
    expect(inner.calls).toEqual([['司机', '会计'], ['厨师']]);
    expect(a[0]).toEqual(a[2]);
    expect(b[0]).toEqual(a[1]);
    expect(cache.size).toBe(3);
  });

  it('persists vectors, so a second process embeds nothing it has seen', () => {
    const path = tempFile();
    const first = new CountingEmbedder();
    const v = CachedEmbedder.open(first, path).embed(['货车司机', '养老护理员']);
    const second = new CountingEmbedder();
    const reopened = CachedEmbedder.open(second, path);
    expect(reopened.size).toBe(2);
    expect(reopened.embed(['养老护理员', '货车司机'])).toEqual([v[1], v[0]]);
    expect(second.calls).toEqual([]);
  });

  it('keeps the complete records of a torn file and stops appending to it', () => {
    const path = tempFile();
    CachedEmbedder.open(new CountingEmbedder(), path).embed(['一', '二']);
    appendFileSync(path, Buffer.from([9, 0, 0, 0, 0x41]));
    const size = readFileSync(path).length;
    const inner = new CountingEmbedder();
    const cache = CachedEmbedder.open(inner, path);
    expect(cache.size).toBe(2);
    cache.embed(['三']);
    expect(inner.calls).toEqual([['三']]);
    expect(readFileSync(path).length).toBe(size);
  });

  it('ignores a file of another model or dimension instead of misreading it', () => {
    const path = tempFile();
    CachedEmbedder.open(new CountingEmbedder(8), path).embed(['一']);
    const inner = new CountingEmbedder(4);
    expect(CachedEmbedder.open(inner, path).embed(['一'])[0]).toHaveLength(4);
    expect(inner.calls).toEqual([['一']]);
    writeFileSync(path, 'garbage');
    expect(CachedEmbedder.open(new CountingEmbedder(4), path).size).toBe(0);
  });
});
