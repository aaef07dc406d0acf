import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readNdjsonFile } from '../../src/ingest/NdjsonFileSource.ts';
import type { SourceItem } from '../../src/ingest/SourceItem.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function file(name: string, content: string | Buffer): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const path = join(t.dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect(path: string, options = {}): Promise<{ items: SourceItem[]; blanks: number }> {
  const items: SourceItem[] = [];
  let blanks = 0;
  for await (const item of readNdjsonFile(path, { ...options, onBlankLine: () => blanks++ })) items.push(item);
  return { items, blanks };
}

describe('readNdjsonFile', () => {
  it('yields one item per line with line numbers, skipping blank lines, handling CRLF and a missing final newline', async () => {
    const { items, blanks } = await collect(file('a.ndjson', '{"a":1}\r\n\n   \n{"b":"邢台"}\n{"c":3}'));
    expect(items.map((i) => [i.position, i.raw])).toEqual([
      ['line 1', '{"a":1}'],
      ['line 4', '{"b":"邢台"}'],
      ['line 5', '{"c":3}'],
    ]);
    expect(blanks).toBe(2);
  });

  it('reports invalid UTF-8 with the byte offset instead of replacing characters', async () => {
    const bad = Buffer.concat([Buffer.from('{"t":"南和'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"ok":1}\n')]);
    const { items } = await collect(file('b.ndjson', bad));
    expect(items[0]!.issues?.[0]).toMatchObject({ code: 'invalid_encoding' });
    expect(items[0]!.issues?.[0]?.message).toContain(`byte ${Buffer.byteLength('{"t":"南和')}`);
    expect(items[1]).toEqual({ position: 'line 2', raw: '{"ok":1}', rawBytes: 8 });
  });

  it('keeps a legitimate U+FFFD character as text', async () => {
    const { items } = await collect(file('c.ndjson', '{"t":"\uFFFD"}\n'));
    expect(items[0]!.issues).toBeUndefined();
  });

  it('rejects a 10 MB line by its size without holding it, and keeps reading after it', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const path = join(t.dir, 'big.ndjson');
    const out = createWriteStream(path);
    out.write('{"first":1}\n{"huge":"');
    const block = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 10; i++) out.write(block);
    out.write('"}\n{"last":2}\n');
    await new Promise((r) => out.end(r));
    const { items } = await collect(path, { maxLineBytes: 1024 * 1024 });
    expect(items).toHaveLength(3);
    expect(items[1]!.issues?.[0]).toMatchObject({ code: 'too_big' });
    expect(items[1]!.rawBytes).toBe(10 * 1024 * 1024 + '{"huge":""}'.length);
    expect(items[1]!.raw.length).toBeLessThanOrEqual(1024);
    expect(items[2]!.raw).toBe('{"last":2}');
  });

  it('fails with a SourceError that names the missing file', async () => {
    await expect(collect('/nonexistent/x.ndjson')).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
});
