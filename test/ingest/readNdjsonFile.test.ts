import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { DEFAULT_MAX_LINE_BYTES, readNdjsonFile } from '../../src/ingest/readNdjsonFile.ts';
import type { SourceItem } from '../../src/ingest/SourceItem.ts';
import { posting } from '../helpers/envelopes.ts';
import { tempDir, withDuckDB } from '../helpers/withDuckDB.ts';

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

  it('drops a UTF-8 byte-order mark at the start of the file, so the first record is read', async () => {
    const { items } = await collect(
      file('bom.ndjson', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"b":2}\n')])),
    );
    expect(items).toEqual([
      { position: 'line 1', raw: '{"a":1}', rawBytes: 7 },
      { position: 'line 2', raw: '{"b":2}', rawBytes: 7 },
    ]);
  });

  describe('--max-line-bytes is exact wherever a line lies in the 1 MiB read chunk', () => {
    const N = 1000;
    // Where a line's first byte lies relative to a chunk boundary: inside the chunk before it, at
    // the boundary, spanning it, ending on the chunk's last byte (its LF opens the next chunk), and
    // with its LF as the chunk's last byte.
    const placements: Record<string, (len: number, boundary: number) => number> = {
      'inside a chunk': (_len, b) => b - CHUNK + 100,
      'at the start of a chunk': (_len, b) => b,
      'spanning two chunks': (_len, b) => b - 300,
      'ending at the end of a chunk': (len, b) => b - len,
      'with its LF as the last byte of a chunk': (len, b) => b - len - 1,
    };
    for (const [where, offsetOf] of Object.entries(placements)) {
      it(`${where}: ${N} bytes pass, ${N + 1} bytes are too_big (LF and CRLF)`, async () => {
        for (const eol of ['\n', '\r\n']) {
          for (const len of [N, N + 1]) {
            const line = padded('{"id":"target"}', len);
            const path = file('limit.ndjson', layout([{ offset: offsetOf(len, CHUNK), text: line + eol }]));
            const target = (await collect(path, { maxLineBytes: N })).items.filter((i) => i.raw.startsWith('{"id":"target"}'));
            expect(target, `${where}, ${len} bytes, ${JSON.stringify(eol)}`).toHaveLength(1);
            if (len === N) expect(target[0]).toEqual({ position: expect.any(String), raw: line, rawBytes: N + eol.length - 1 });
            else {
              expect(target[0]!.issues).toEqual([expect.objectContaining({ code: 'too_big' })]);
              expect(target[0]!.rawBytes).toBe(N + 1);
            }
          }
        }
      });
    }

    it('holds for the default 1 MiB: exactly 1 MiB passes, one byte more and a whitespace-padded valid 1.5 MB record do not', async () => {
      const ok = padded('{"id":"ok"}', DEFAULT_MAX_LINE_BYTES);
      const over = padded('{"id":"over"}', DEFAULT_MAX_LINE_BYTES + 1);
      const padded15 = padded('{"id":"padded"}', 1_500_000);
      const { items } = await collect(file('big.ndjson', `${ok}\n${over}\n${padded15}\n{"id":"last"}\n`));
      expect(items.map((i) => [i.position, i.issues?.[0]?.code ?? 'ok', i.rawBytes])).toEqual([
        ['line 1', 'ok', DEFAULT_MAX_LINE_BYTES],
        ['line 2', 'too_big', DEFAULT_MAX_LINE_BYTES + 1],
        ['line 3', 'too_big', 1_500_000],
        ['line 4', 'ok', 13],
      ]);
    });

    for (const parallel of [true, false]) {
      it(`stores the N-byte records and dead-letters the N+1-byte ones (${parallel ? 'decode workers' : 'single thread'})`, async () => {
        await withDuckDB(async (store, dir) => {
          // Target i sits at chunk boundary i+1, so no two share a boundary.
          const placed = Object.values(placements);
          const targets = placed.flatMap((offsetOf, k) =>
            [N, N + 1].map((len, j) => ({
              offset: offsetOf(len, (2 * k + j + 1) * CHUNK),
              text: `${padded(JSON.stringify(posting(`p${k}-${len}`)), len)}\n`,
            })),
          );
          const path = join(dir, 'limits.ndjson');
          writeFileSync(path, layout(targets));
          const result = await ingestFiles({
            store,
            from: [path],
            parallel,
            decodeWorkers: 2,
            batchSize: 7,
            maxLineBytes: N,
            progress: false,
          });
          expect(result.summaries[0]).toMatchObject({ read: 10, stored: 5, rejected: 5 });
          const stored = await store.all<{ id: string }>('SELECT id FROM postings ORDER BY id');
          expect(stored.map((r) => r.id)).toEqual(placed.map((_, k) => `p${k}-${N}`));
          const reasons = await store.all<{ reason: string }>('SELECT reason FROM rejected');
          expect(reasons.map((r) => r.reason)).toEqual(
            Array(5).fill(expect.stringContaining(`line is ${N + 1} bytes, over the ${N}-byte limit`)),
          );
        });
      }, 60_000);
    }
  });
});

const CHUNK = 1024 * 1024;

/** `head` followed by spaces (JSON whitespace) to exactly `bytes` UTF-8 bytes. */
function padded(head: string, bytes: number): string {
  return head + ' '.repeat(bytes - Buffer.byteLength(head));
}

/** A file with each text starting exactly at its offset; the gaps are blank lines (no records). */
function layout(targets: { offset: number; text: string }[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const t of targets) {
    let gap = t.offset - at;
    if (gap < 0) throw new Error(`target at ${t.offset} overlaps the previous one (ends at ${at})`);
    while (gap > 0) {
      const n = Math.min(gap, 500);
      parts.push(Buffer.from(`${' '.repeat(n - 1)}\n`));
      gap -= n;
    }
    const bytes = Buffer.from(t.text);
    parts.push(bytes);
    at = t.offset + bytes.length;
  }
  return Buffer.concat(parts);
}
